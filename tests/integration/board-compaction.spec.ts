/**
 * Saving a live board does not wait for the board's compaction (folding its update log into a
 * snapshot). A compaction can be slow (a busy database, a lock held by a backup or a migration);
 * every edit made meanwhile is relayed only once it is saved, so a compaction in the save path
 * held every client's edits back for as long as it took (up to its 5 s limit).
 *
 * PostgreSQL only: a second connection holds the snapshot table locked, as a slow database would.
 */
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, type OpenDatabase } from '../../db';
import { closeAllRooms, roomFor } from '../../src/lib/server/planner/room';
import { createPostgresDatabase } from './databases';
import { addEntBoard, addEntClinics, loadFixture } from './fixtures';

const pgUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!pgUrl)('board compaction (PostgreSQL)', () => {
	let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
	let open: OpenDatabase | undefined;
	let locker: postgres.Sql | undefined;
	let release = () => {};

	afterAll(async () => {
		release();
		await locker?.end();
		await closeAllRooms();
		await open?.close();
		await database?.drop();
	});

	it('saves edits while a compaction waits on the database', async () => {
		database = await createPostgresDatabase(pgUrl!);
		open = await connect(database.url);
		const ids = await loadFixture(open);
		const [clinic] = await addEntClinics(open, [{ day: 2, minutes: 240 }]);
		const boardId = await addEntBoard(open);
		const room = await roomFor(open, boardId);

		// a slow compaction: the snapshot table is locked until the test lets go
		locker = postgres(database.url, { max: 1, onnotice: () => {} });
		const released = new Promise<void>((resolve) => (release = resolve));
		const holding = locker.begin(async (tx) => {
			await tx.unsafe('lock table board_snapshots in exclusive mode');
			await released;
		});
		await new Promise((resolve) => setTimeout(resolve, 200));

		// enough saved updates to start a compaction (one row each: each is saved on its own)
		const move = (n: number) =>
			room.serverChange((board) =>
				board.allocations.set(String(ids.a), {
					sessionId: clinic,
					by: { id: 0, name: `move ${n}` },
					at: new Date().toISOString()
				})
			);
		for (let n = 0; n < 200; n++) {
			move(n);
			await room.flush();
		}
		const lockWaits = async () => {
			const [{ waiting }] = await open!.query<{ waiting: number }>(
				`select count(*)::int as waiting from pg_stat_activity
				  where datname = current_database() and wait_event_type = 'Lock'`
			);
			return waiting;
		};
		for (let tries = 0; (await lockWaits()) === 0 && tries < 50; tries++)
			await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await lockWaits(), 'the compaction waits on the lock').toBe(1);

		// one more edit: it is saved while the compaction still waits
		move(200);
		const saved = await Promise.race([
			room.flush().then(() => 'saved'),
			new Promise((resolve) => setTimeout(() => resolve('held back'), 3000))
		]);
		expect(saved).toBe('saved');
		const [{ rows }] = await open.query<{ rows: number }>(
			'select count(*)::int as rows from board_updates where board_id = $1',
			[boardId]
		);
		expect(rows, 'every update is in the log; none folded away yet').toBe(201);

		// the compaction then finishes, and the board reloads as it was
		release();
		await holding;
		const before = JSON.stringify(room.board.allocations.toJSON());
		await closeAllRooms();
		const [{ snapshots }] = await open.query<{ snapshots: number }>(
			'select count(*)::int as snapshots from board_snapshots where board_id = $1',
			[boardId]
		);
		expect(snapshots).toBe(1);
		const again = await roomFor(open, boardId);
		expect(JSON.stringify(again.board.allocations.toJSON())).toBe(before);
	});
});
