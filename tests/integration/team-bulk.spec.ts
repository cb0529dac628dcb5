/**
 * Bulk reassignment from the team page: several items, one person, one action. Each item is
 * audited as a single reassignment is, the same people may do it, and a refusal for any item
 * changes none of them (the team leader sees one answer for the whole selection).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import type { OpenDatabase } from '../../db';
import { auditLog, summarisingItems } from '../../db/schema';
import type { SessionUser } from '../../src/lib/server/auth';
import { AppError } from '../../src/lib/server/errors';
import { reassignWork } from '../../src/lib/server/records/team';
import { targets } from './databases';
import { addPatient, addUser } from './fixtures';

const NOW = new Date(Date.UTC(2026, 10, 25, 11, 0));
const DAY = 86_400_000;

describe.each(targets)('bulk reassignment on $name', (target) => {
	let open: OpenDatabase;
	let lead: SessionUser;
	let hannah: SessionUser;
	let marek: SessionUser;
	let rita: SessionUser;
	let held: number[];
	let waiting: number;

	beforeAll(async () => {
		open = await target.open();
		lead = await addUser(open, 'team_leader', 'Tess Teamlead', 'bulk.test');
		hannah = await addUser(open, 'summariser', 'Hannah Lee', 'bulk.test');
		marek = await addUser(open, 'summariser', 'Marek Nowak', 'bulk.test');
		rita = await addUser(open, 'records', 'Rita Records', 'bulk.test');
		const patientId = await addPatient(open, { nhsNumber: '9994450001', familyName: 'Bulk' });
		const rows = await open.db
			.insert(summarisingItems)
			.values([
				...[1, 2, 3, 4].map((k) => ({
					patientId,
					source: 'clinic letter',
					receivedAt: new Date(NOW.getTime() - (10 + k) * DAY),
					status: 'claimed' as const,
					claimedBy: hannah.id,
					claimedAt: new Date(NOW.getTime() - 2 * DAY)
				})),
				{ patientId, source: 'clinic letter', receivedAt: new Date(NOW.getTime() - DAY) }
			])
			.returning({ id: summarisingItems.id });
		held = rows.slice(0, 4).map((r) => r.id);
		waiting = rows[4].id;
	});
	afterAll(async () => {
		await open?.close();
	});

	const holders = async (ids: number[]) =>
		(
			await open.db
				.select({ id: summarisingItems.id, by: summarisingItems.claimedBy })
				.from(summarisingItems)
				.where(inArray(summarisingItems.id, ids))
				.orderBy(summarisingItems.id)
		).map((r) => r.by);
	const refusal = async (actor: SessionUser, input: unknown) => {
		try {
			await reassignWork(open.db, actor, input, NOW);
		} catch (e) {
			if (e instanceof AppError) return `${e.status} ${e.message}`;
			throw e;
		}
		return 'accepted';
	};

	it('refuses the whole selection when any item cannot move, and anyone but a team leader', async () => {
		// the last item is not held by anyone: nothing moves, not even the first three
		expect(
			await refusal(lead, {
				kind: 'summary',
				ids: [held[0], held[1], held[2], waiting],
				to: marek.id
			})
		).toMatch(/^409 /);
		// not a summariser
		expect(await refusal(lead, { kind: 'summary', ids: held, to: rita.id })).toMatch(
			/^400 assigneeId: Rita Records is not one of/
		);
		// a summariser may not take a colleague's work, in bulk as one at a time (and the team
		// page and its API are for team leaders and admins only: records-team.spec)
		expect(await refusal(marek, { kind: 'summary', ids: held, to: marek.id })).toBe(
			'409 The clinic letter for BULK, Test is claimed by Hannah Lee; only they can reassign it'
		);
		expect(await holders(held)).toEqual(held.map(() => hannah.id));
	});

	it('moves several items to one person in one action, each audited as the team leader’s', async () => {
		expect(
			await reassignWork(
				open.db,
				lead,
				{ kind: 'summary', ids: held.slice(0, 3), to: marek.id },
				NOW
			)
		).toBe(3);
		expect(await holders(held)).toEqual([marek.id, marek.id, marek.id, hannah.id]);
		const trail = await open.db
			.select()
			.from(auditLog)
			.where(
				and(
					eq(auditLog.action, 'reassign-summarising-item'),
					inArray(
						auditLog.entityId,
						held.map((id) => String(id))
					)
				)
			)
			.orderBy(auditLog.id);
		expect(trail.map((a) => [Number(a.entityId), a.userId, a.before, a.after])).toEqual(
			held.slice(0, 3).map((id) => [id, lead.id, { claimedBy: hannah.id }, { claimedBy: marek.id }])
		);

		// and back to the queue, several at once
		expect(
			await reassignWork(open.db, lead, { kind: 'summary', ids: held.slice(0, 2), to: 'none' }, NOW)
		).toBe(2);
		expect(await holders(held)).toEqual([null, null, marek.id, hannah.id]);
	});
});
