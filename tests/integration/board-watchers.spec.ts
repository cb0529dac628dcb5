/**
 * A manager watches planning boards without patient data: the board's HTTP data, the board page's
 * load and the live doc carry sessions, capacity, priorities and weeks waited, never names, NHS
 * digits, procedures or clock-start dates. Coordinators still see their patients.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Doc } from 'yjs';
import type { OpenDatabase } from '../../db';
import { addDays } from '../../src/lib/domain/rtt';
import type { Allocation, Conflict } from '../../src/lib/contracts/planner/doc';
import type { SessionUser } from '../../src/lib/server/auth';
import { accessForRequest } from '../../src/lib/server/guard';
import { GET as boardData } from '../../src/routes/api/boards/[id=id]/+server';
import { load as boardPage } from '../../src/routes/(app)/boards/[id=id]/+page.server';
import { addEntBoard, addEntClinics, CENSUS, FIXTURE, loadFixture } from './fixtures';
import { targets } from './databases';
import {
	connectBoard,
	eventually,
	signedInUser,
	startLiveServer,
	synced,
	type LiveServer
} from './liveServer';

/** Fields that identify a patient or date their pathway, which a manager must never be sent. */
const PATIENT_FIELDS = [
	'name',
	'nhsLast4',
	'dateOfBirth',
	'age',
	'hospitalNumber',
	'procedure',
	'clockStart',
	'daysWaited',
	'rttDeadline',
	'priorityDue',
	'unavailable'
];

/** A SvelteKit request event for `route`, let through (or not) by the same check as hooks.server.ts. */
function requestEvent(
	user: SessionUser,
	route: string,
	path: string,
	params: Record<string, string>
) {
	const url = new URL(`http://waitwise.test${path}`);
	const event = {
		locals: { user } as App.Locals,
		route: { id: route },
		request: new Request(url),
		url,
		params
	};
	const verdict = accessForRequest(event);
	if (verdict.kind !== 'allow')
		throw new Error(`${user.role} refused ${path}: ${JSON.stringify(verdict)}`);
	if (verdict.entry) event.locals.access = { route, entry: verdict.entry };
	return event;
}

describe.each(targets)('a manager watching a board on $name', (target) => {
	let open: OpenDatabase;
	let live: LiveServer;
	let ids: Record<string, number>;
	let boardId: number;
	let small: number;
	let coordinatorA: Awaited<ReturnType<typeof signedInUser>>;
	let coordinatorB: Awaited<ReturnType<typeof signedInUser>>;
	let manager: Awaited<ReturnType<typeof signedInUser>>;
	const providers: { destroy(): void }[] = [];
	const ent = FIXTURE.filter((f) => f.specialty === '120');

	/** Everything that would identify one of the board's patients, as it could appear in text. */
	const identifying = () =>
		ent.flatMap((f) => {
			// loadFixture numbers patients 999000nnnn in FIXTURE order
			const digits = String(FIXTURE.indexOf(f) + 1).padStart(4, '0');
			return [
				f.family,
				f.family.toUpperCase(),
				'Test procedure',
				addDays(CENSUS, -f.daysWaited),
				`…${digits}`,
				`"${digits}"`,
				`999000${digits}`
			];
		});
	const expectNoPatientData = (what: string, text: string) => {
		for (const word of identifying()) expect(text, `${what} holds "${word}"`).not.toContain(word);
	};

	const connect = (cookie: string) => {
		const c = connectBoard(live.wsUrl, boardId, cookie);
		providers.push(c.provider);
		return c;
	};
	const allocate = (
		doc: Doc,
		pathwayId: number,
		sessionId: number,
		by: { id: number; name: string }
	) =>
		doc.getMap<Allocation>('allocations').set(String(pathwayId), {
			sessionId,
			by: { id: by.id, name: by.name },
			at: new Date().toISOString()
		});
	const conflictsOf = (doc: Doc) => [...doc.getMap<Conflict>('conflicts').values()];

	beforeAll(async () => {
		open = await target.open();
		ids = await loadFixture(open);
		[small] = await addEntClinics(open, [{ day: 2, minutes: 45 }]);
		boardId = await addEntBoard(open, 'ENT watched');
		coordinatorA = await signedInUser(open, 'coordinator', 'Alice Coordinator');
		coordinatorB = await signedInUser(open, 'coordinator', 'Bob Coordinator');
		manager = await signedInUser(open, 'manager', 'Mina Manager');
		live = await startLiveServer(open);
	});
	afterEach(() => {
		while (providers.length) providers.pop()!.destroy();
	});
	afterAll(async () => {
		await live?.close();
		await open?.close();
	});

	const fetchBoard = async (user: SessionUser) => {
		const event = requestEvent(user, '/api/boards/[id=id]', `/api/boards/${boardId}`, {
			id: String(boardId)
		});
		const res = await boardData(event as unknown as Parameters<typeof boardData>[0]);
		expect(res.status).toBe(200);
		return (await res.json()) as {
			sessions: { id: number; minutes: number }[];
			pathways: Record<string, unknown>[];
		};
	};

	it('GET /api/boards/<id> gives a manager sessions, minutes, priorities and weeks waited, and no patient data', async () => {
		const body = await fetchBoard(manager.user);
		expectNoPatientData('the board data', JSON.stringify(body));
		expect(body.sessions.map((s) => s.id)).toContain(small);
		// the same priorities, weeks waited and minutes a coordinator sees
		const planner = new Map(
			(await fetchBoard(coordinatorA.user)).pathways.map((p) => [p.id as number, p])
		);
		const pathways = new Map(body.pathways.map((p) => [p.id as number, p]));
		for (const f of ent.filter((f) => !f.rttStatus)) {
			const p = pathways.get(ids[f.key]);
			expect(p, f.key).toBeDefined();
			const { priority, weekBand, minutes } = planner.get(ids[f.key])!;
			expect(p).toMatchObject({ priority, weekBand, minutes });
			expect(priority).toBe(f.priority);
			for (const field of PATIENT_FIELDS) expect(p, `${f.key}.${field}`).not.toHaveProperty(field);
		}
	});

	it("the board page's data for a manager carries no patient data either", async () => {
		const event = requestEvent(manager.user, '/(app)/boards/[id=id]', `/boards/${boardId}`, {
			id: String(boardId)
		});
		const data = await boardPage(event as unknown as Parameters<typeof boardPage>[0]);
		expectNoPatientData('the board page data', JSON.stringify(data));
		expect(data).toMatchObject({ readOnly: true });
	});

	it('a coordinator still sees the patients by name', async () => {
		const body = await fetchBoard(coordinatorA.user);
		const a = body.pathways.find((p) => p.id === ids.a)!;
		expect(a).toMatchObject({
			name: 'ABLE, Test',
			nhsLast4: '0001',
			// told apart from others of the name (issue 12): born 1 January 1970, the fixture's default
			dateOfBirth: '1970-01-01',
			procedure: 'Test procedure',
			clockStart: addDays(CENSUS, -10)
		});
	});

	it('conflicts in the doc name no patient, for rule breaks and concurrent moves alike', async () => {
		const a = connect(coordinatorA.cookie);
		const b = connect(coordinatorB.cookie);
		const m = connect(manager.cookie);
		await Promise.all([synced(a.provider), synced(b.provider), synced(m.provider)]);
		// over-fill the 45-minute session (30 + 30)
		allocate(a.doc, ids.a, small, coordinatorA.user);
		allocate(a.doc, ids.b, small, coordinatorA.user);
		// and move one patient at the same moment from two screens
		a.provider.disconnect();
		b.provider.disconnect();
		allocate(a.doc, ids.c, small, coordinatorA.user);
		allocate(b.doc, ids.c, small, coordinatorB.user);
		a.provider.connect();
		await synced(a.provider);
		b.provider.connect();
		await synced(b.provider);
		await eventually(
			() =>
				['session-minutes', 'concurrent-move'].every((k) =>
					conflictsOf(m.doc).some((c) => c.kind === k)
				),
			'the manager sees both conflicts'
		);
		const conflicts = conflictsOf(m.doc);
		expectNoPatientData('the conflicts', JSON.stringify(conflicts));
		// the coordinators who moved the patient are staff, and still named
		expect(conflicts.find((c) => c.kind === 'concurrent-move')?.message).toMatch(
			/Alice Coordinator|Bob Coordinator/
		);
		for (const key of [ids.a, ids.b, ids.c]) a.doc.getMap('allocations').delete(String(key));
	});
});
