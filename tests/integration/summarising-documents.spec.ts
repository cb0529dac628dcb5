/**
 * The letter behind a summarising item (issue 13): the summariser who claims an item gets its
 * letter with it, `GET /api/summarising/<id>/document` answers it to the roles that may open the
 * summarising queue and to no one else, an item with no letter says so, and an unknown item is 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDatabase, type OpenDatabase } from '../../db';
import { documents, summarisingItems } from '../../db/schema';
import type { SessionUser } from '../../src/lib/server/auth';
import { claimItem, summarisingQueue } from '../../src/lib/server/records/summarising';
import { accessFor } from '../../src/lib/server/roles';
import { GET as documentGet } from '../../src/routes/api/summarising/[id=id]/document/+server';
import { targets } from './databases';
import { addPatient, addUser, testNhsNumber } from './fixtures';
import { requestEvent, runAction } from './requestEvent';
import { actions } from '../../src/routes/(app)/summarising/+page.server';

const LETTER = {
	title: 'Cardiology outpatient clinic letter',
	author: 'Dr Okafor, Consultant, Cardiology',
	writtenOn: '2026-10-02',
	body: 'Dear Dr Hall,\n\nDiagnoses:\n- Atrial fibrillation (since 3 May 2019)\n\nYours sincerely,'
};

describe('who may read an item’s letter', () => {
	it('is the summarising roles only', () => {
		const path = '/api/summarising/7/document';
		for (const role of ['admin', 'team_leader', 'summariser'] as const)
			expect(accessFor(path, role), role).toBe('allow');
		for (const role of ['coordinator', 'records', 'manager', 'display'] as const)
			expect(accessFor(path, role), role).toBe('forbidden');
		expect(accessFor(path, null)).toBe('sign-in');
	});
});

describe.each(targets)('summarising letters on $name', (target) => {
	let open: OpenDatabase;
	let sam: SessionUser;
	let lead: SessionUser;
	let records: SessionUser;
	let coordinator: SessionUser;
	let withLetter: number;
	let withoutLetter: number;

	const letterOf = (id: string, user: SessionUser) =>
		documentGet(
			requestEvent(`/api/summarising/${id}/document`, {
				method: 'GET',
				user,
				params: { id }
			}) as never
		);

	/** One more item of the first item's patient, with a letter of this title. */
	const addItemWithLetter = async (source: string, title: string) => {
		const [{ id }] = await open.db
			.insert(summarisingItems)
			.values({
				patientId: (await open.db.select().from(summarisingItems))[0].patientId,
				source
			})
			.returning({ id: summarisingItems.id });
		await open.db.insert(documents).values({ ...LETTER, title, summarisingItemId: id });
		return id;
	};

	beforeAll(async () => {
		open = await target.open();
		registerDatabase(open);
		const user = (role: SessionUser['role'], name: string) =>
			addUser(open, role, name, 'letters.test');
		sam = await user('summariser', 'Sam Letters');
		lead = await user('team_leader', 'Tess Letters');
		records = await user('records', 'Rob Letters');
		coordinator = await user('coordinator', 'Cara Letters');
		const patientId = await addPatient(open, {
			nhsNumber: testNhsNumber('131', 1),
			givenName: 'Lena',
			familyName: 'Letter',
			dateOfBirth: '1961-06-14',
			sex: 'F'
		});
		const items = await open.db
			.insert(summarisingItems)
			.values([
				{ patientId, source: 'clinic letter' },
				{ patientId, source: 'external records' }
			])
			.returning({ id: summarisingItems.id });
		[withLetter, withoutLetter] = items.map((i) => i.id);
		await open.db.insert(documents).values({ summarisingItemId: withLetter, ...LETTER });
	});
	afterAll(async () => {
		await open?.close();
	});

	it('comes with the item to the summariser who claims it, and says when there is none', async () => {
		await claimItem(open.db, sam, withLetter);
		await claimItem(open.db, sam, withoutLetter);
		const { mine } = await summarisingQueue(open.db, sam.id);
		const byId = new Map(mine.map((m) => [m.id, m]));
		expect(byId.get(withLetter)?.document).toEqual(LETTER);
		expect(byId.get(withoutLetter)?.document).toBeNull();
	});

	it('names each item in the queue by its letter, awaiting or claimed', async () => {
		const id = await addItemWithLetter('discharge summary', 'Cardiology discharge summary');
		const { awaiting, mine } = await summarisingQueue(open.db, sam.id);
		expect(awaiting.find((i) => i.id === id)?.documentTitle).toBe('Cardiology discharge summary');
		const byId = new Map(mine.map((m) => [m.id, m]));
		expect(byId.get(withLetter)?.documentTitle).toBe(LETTER.title);
		expect(byId.get(withoutLetter)?.documentTitle).toBeNull();
	});

	it('is answered to summarisers and team leaders', async () => {
		for (const user of [sam, lead]) {
			const res = await letterOf(String(withLetter), user);
			expect(res.status).toBe(200);
			expect(await res.json()).toEqual({ itemId: withLetter, document: LETTER });
		}
		const none = await letterOf(String(withoutLetter), sam);
		expect(await none.json()).toEqual({ itemId: withoutLetter, document: null });
	});

	it('is 404 for an item that does not exist', async () => {
		const res = await letterOf('999999', sam);
		expect(res.status).toBe(404);
		expect(await res.json()).toEqual({ message: 'No summarising item 999999' });
	});

	it('names the item by its letter and patient when it is claimed and returned, not by its id', async () => {
		const id = await addItemWithLetter('clinic letter', LETTER.title);
		const act = (name: 'claim' | 'release') =>
			runAction(
				actions[name],
				requestEvent('/summarising', { user: sam, action: name, form: { id: String(id) } })
			);
		const label = 'The Cardiology outpatient clinic letter for LETTER, Lena';
		expect(await act('claim')).toEqual({ ok: `${label} is yours: summarise it below`, itemId: id });
		expect(await act('release')).toEqual({ ok: `${label} is back in the queue`, itemId: id });
	});

	it('is refused to roles without the summarising queue', async () => {
		for (const user of [records, coordinator])
			await expect(letterOf(String(withLetter), user)).rejects.toMatchObject({ status: 403 });
	});
});
