/**
 * The summarising queue on a real database: two summarisers racing for one item (exactly one
 * wins, the other is told who did), summaries validated before they are kept, and every change
 * audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { OpenDatabase } from '../../db';
import { auditLog, summarisingItems } from '../../db/schema';
import type { SessionUser } from '../../src/lib/server/auth';
import { AppError } from '../../src/lib/server/errors';
import {
	claimItem,
	completeItem,
	reassignItem,
	releaseItem,
	saveDraft,
	summarisingQueue
} from '../../src/lib/server/records/summarising';
import { targets } from './databases';
import { addPatient, addUser } from './fixtures';
import { refusal } from './refusal';

const NOW = new Date(Date.UTC(2026, 10, 24, 10, 0));

const summary = {
	problems: [{ code: '38341003', term: 'Hypertension', date: '2015-03-02' }],
	procedures: [{ code: '80146002', term: 'Appendicectomy', date: '1988-07-19' }],
	medications: [{ code: '386864001', term: 'Amlodipine', date: '2026-10-01' }],
	allergies: [{ code: '716186003', term: 'No known allergy', date: '2015-03-02' }],
	keyLetters: [{ code: '373942005', term: 'Discharge summary', date: '2026-09-12' }]
};

describe.each(targets)('the summarising queue on $name', (target) => {
	let open: OpenDatabase;
	let hannah: SessionUser;
	let marek: SessionUser;
	let lead: SessionUser;
	let patientId: number;

	async function awaitingItem(daysAgo: number) {
		const [item] = await open.db
			.insert(summarisingItems)
			.values({
				patientId,
				source: 'new registration',
				receivedAt: new Date(NOW.getTime() - daysAgo * 86_400_000)
			})
			.returning();
		return item.id;
	}
	const item = async (id: number) =>
		(await open.db.select().from(summarisingItems).where(eq(summarisingItems.id, id)))[0];
	const auditsOf = (id: number) =>
		open.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entity, 'summarising_item'), eq(auditLog.entityId, String(id))))
			.orderBy(auditLog.id);

	beforeAll(async () => {
		open = await target.open();
		const user = (role: SessionUser['role'], name: string) =>
			addUser(open, role, name, 'summary.test');
		hannah = await user('summariser', 'Hannah Lee');
		marek = await user('summariser', 'Marek Nowak');
		lead = await user('team_leader', 'Tess Teamlead');
		patientId = await addPatient(open, {
			nhsNumber: '9990000026',
			givenName: 'Sam',
			familyName: 'Summary',
			dateOfBirth: '1970-02-01',
			sex: 'M'
		});
	});
	afterAll(async () => {
		await open?.close();
	});

	it('lets exactly one of two summarisers racing for an item have it', async () => {
		for (let round = 0; round < 8; round++) {
			const id = await awaitingItem(10 + round);
			// Both claims are in flight at once; alternate who asks first.
			const [first, second] = round % 2 ? [marek, hannah] : [hannah, marek];
			const results = await Promise.allSettled([
				claimItem(open.db, first, id, NOW),
				claimItem(open.db, second, id, NOW)
			]);
			const won = results.filter((r) => r.status === 'fulfilled');
			const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
			expect(won).toHaveLength(1);
			expect(lost).toHaveLength(1);
			const winner = results[0].status === 'fulfilled' ? first : second;
			expect(lost[0].reason).toBeInstanceOf(AppError);
			expect((lost[0].reason as AppError).status).toBe(409);
			expect((lost[0].reason as AppError).message).toBe(
				`The new registration for SUMMARY, Sam was claimed by ${winner.name} at 24/11/2026 10:00`
			);
			expect(await item(id)).toMatchObject({ status: 'claimed', claimedBy: winner.id });
			expect((await auditsOf(id)).map((a) => [a.action, a.userId])).toEqual([
				['claim-summarising-item', winner.id]
			]);
		}
	});

	it('lists the queue oldest first, and shows who holds what', async () => {
		const oldest = await awaitingItem(90);
		const queue = await summarisingQueue(open.db, hannah.id, { now: NOW });
		expect(queue.awaiting[0].id).toBe(oldest);
		expect(queue.awaiting[0].ageDays).toBe(90);
		const received = queue.awaiting.map((i) => i.receivedAt);
		expect(received).toEqual([...received].sort());
		expect(queue.mine.every((i) => i.holder?.id === hannah.id)).toBe(true);
		expect(queue.claimed.every((i) => i.holder?.id === marek.id)).toBe(true);
		expect(queue.mine.length + queue.claimed.length).toBe(8);
	});

	it('validates the summary before keeping it, and only the holder completes it', async () => {
		const id = await awaitingItem(5);
		await claimItem(open.db, hannah, id, NOW);
		expect(await refusal(completeItem(open.db, marek, id, summary, NOW))).toEqual({
			status: 409,
			message:
				'The new registration for SUMMARY, Sam is claimed by Hannah Lee; only they can complete it'
		});
		const bad = (patch: object) => ({ ...summary, ...patch });
		expect(
			await refusal(
				completeItem(
					open.db,
					hannah,
					id,
					bad({ problems: [{ code: '38341004', term: 'Hypertension', date: '2015-03-02' }] }),
					NOW
				)
			)
		).toEqual({
			status: 400,
			message:
				'Problem 1: the SNOMED CT code "38341004" is not a valid code (its last digit, the check digit, does not match): check it against the letter'
		});
		expect(
			await refusal(
				completeItem(
					open.db,
					hannah,
					id,
					bad({ medications: [{ code: '12a', term: 'Amlodipine', date: '2026-10-01' }] }),
					NOW
				)
			)
		).toEqual({
			status: 400,
			message:
				'Medication 1: the SNOMED CT code must be 6 to 18 digits, not starting with 0 (it was "12a")'
		});
		expect(
			await refusal(
				completeItem(
					open.db,
					hannah,
					id,
					bad({ medications: [{ code: '386864001', term: 'Amlodipine', date: '2026-12-01' }] }),
					NOW
				)
			)
		).toEqual({
			status: 400,
			message: 'Medication 1: the date 01/12/2026 is in the future'
		});
		expect(
			await refusal(
				completeItem(
					open.db,
					hannah,
					id,
					bad({ procedures: [{ code: '80146002', term: 'Appendicectomy', date: '1969-01-01' }] }),
					NOW
				)
			)
		).toEqual({
			status: 400,
			message: 'Procedure 1: the date 01/01/1969 is before the patient was born (01/02/1970)'
		});
		expect(
			await refusal(completeItem(open.db, hannah, id, bad({ allergies: [] }), NOW))
		).toMatchObject({
			status: 400,
			message:
				'Allergies: record at least one entry ("No known allergy", 716186003, if there are none)'
		});
		expect(
			await refusal(
				completeItem(
					open.db,
					hannah,
					id,
					bad({ problems: [{ code: '38341003', term: 'Hypertension' }] }),
					NOW
				)
			)
		).toEqual({ status: 400, message: 'Problem 1: enter the date' });
		expect(
			await refusal(completeItem(open.db, hannah, id, { ...summary, notes: 'free text' }, NOW))
		).toEqual({ status: 400, message: 'unknown section: notes' });
		expect(await item(id)).toMatchObject({ status: 'claimed', summary: null });

		// a draft keeps what was typed, half-typed entries too, and says what would stop completion
		const halfTyped = { ...summary, medications: [{ code: '3864', term: 'Aml', date: '' }] };
		expect(await saveDraft(open.db, hannah, id, halfTyped, NOW)).toEqual({
			problem:
				'Medication 1: the SNOMED CT code must be 6 to 18 digits, not starting with 0 (it was "3864")'
		});
		expect((await item(id)).summary).toEqual(halfTyped);
		expect(
			await refusal(saveDraft(open.db, hannah, id, { ...summary, notes: 'free text' }, NOW))
		).toEqual({ status: 400, message: 'unknown section: notes' });
		expect(await refusal(saveDraft(open.db, marek, id, summary, NOW))).toMatchObject({
			status: 409
		});

		// a draft is kept with the claim; completing keeps the summary and frees the claim
		expect(await saveDraft(open.db, hannah, id, { ...summary, allergies: [] }, NOW)).toEqual({
			problem: null
		});
		expect((await item(id)).summary).toEqual({ ...summary, allergies: [] });
		await completeItem(open.db, hannah, id, summary, NOW);
		expect(await item(id)).toMatchObject({
			status: 'completed',
			claimedBy: null,
			completedBy: hannah.id,
			summary
		});
		expect(await refusal(claimItem(open.db, marek, id, NOW))).toEqual({
			status: 409,
			message: 'The new registration for SUMMARY, Sam has already been summarised by Hannah Lee'
		});
		expect((await auditsOf(id)).map((a) => a.action)).toEqual([
			'claim-summarising-item',
			'save-summary-draft', // the half-typed draft
			'save-summary-draft',
			'complete-summarising-item'
		]);
	});

	it('returns an item to the queue, and lets a team leader hand a claim on', async () => {
		const id = await awaitingItem(3);
		await claimItem(open.db, marek, id, NOW);
		expect(await refusal(releaseItem(open.db, hannah, id))).toMatchObject({ status: 409 });
		await releaseItem(open.db, marek, id);
		expect(await item(id)).toMatchObject({ status: 'awaiting', claimedBy: null, claimedAt: null });
		expect(await refusal(releaseItem(open.db, marek, id))).toEqual({
			status: 409,
			message: 'The new registration for SUMMARY, Sam is still in the queue; claim it first'
		});

		await claimItem(open.db, marek, id, NOW);
		expect(await refusal(reassignItem(open.db, lead, id, lead.id, NOW))).toMatchObject({
			status: 400,
			message: expect.stringMatching(/^assigneeId: Tess Teamlead is not one of/)
		});
		await reassignItem(open.db, lead, id, hannah.id, NOW);
		expect(await item(id)).toMatchObject({ status: 'claimed', claimedBy: hannah.id });
		expect((await auditsOf(id)).at(-1)).toMatchObject({
			action: 'reassign-summarising-item',
			userId: lead.id,
			before: { claimedBy: marek.id },
			after: { claimedBy: hannah.id }
		});
		expect(await refusal(claimItem(open.db, marek, 999999, NOW))).toEqual({
			status: 404,
			message: 'No summarising item 999999'
		});
	});
});
