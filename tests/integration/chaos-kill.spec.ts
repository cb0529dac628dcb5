/**
 * Issue 10, chaos: `kill -9` of the board server at random instants during a burst of edits
 * (one every 10 ms), with the editor still online and with the editor gone (it closes right
 * after its last edit, as a closed tab does). After every kill the server restarts on the same
 * database and data folder; at the end the board is reloaded from the database and every edit
 * the server relayed to a watching manager (an accepted edit) must be there and apply.
 *
 * CHAOS_KILLS sets the kills per run (default 4 in `npm test`; `npm run test:chaos` runs 20),
 * CHAOS_SEED the random instants (printed, so a failing run can be repeated).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { seedChaosBoard } from '../chaos/board';
import {
	closeAllClients,
	openBoardClient,
	seededRandom,
	sleep,
	startEditing,
	waitFor,
	type BoardClient,
	type Editing
} from '../chaos/clients';
import { compareWithWatcher, covers, describeComparison, reloadBoard } from '../chaos/compare';
import { pgliteOnDisk, postgresDatabase, type ChaosDatabase } from '../chaos/database';
import { freePort, killAllServers, serverLog, startBoardServer } from '../chaos/serverProcess';

const KILLS = Number(process.env.CHAOS_KILLS ?? 4);
const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RECONNECT_MS = 30_000;

const databases: { name: string; create(): Promise<ChaosDatabase> }[] = [
	{ name: 'PGlite (on disk)', create: async () => pgliteOnDisk() }
];
const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) databases.push({ name: 'PostgreSQL', create: () => postgresDatabase(pgUrl) });

const editorModes = [
	{ mode: 'the editor still online', editorStays: true },
	{ mode: 'the editor gone', editorStays: false }
];

describe.each(databases)('kill -9 during a burst of edits on $name', ({ create }) => {
	const made: ChaosDatabase[] = [];
	afterEach(() => {
		closeAllClients();
		killAllServers();
	});
	afterAll(async () => {
		await Promise.all(made.map((d) => d.drop()));
	});

	it.each(editorModes)(
		`loses no accepted edit over ${KILLS} kills, with $mode`,
		async ({ editorStays }) => {
			const seed = SEED + (editorStays ? 0 : 1);
			const random = seededRandom(seed);
			const database = await create();
			made.push(database);
			const board = await database.with(seedChaosBoard);
			const settings = {
				port: await freePort(),
				databaseUrl: database.url,
				dataDir: database.dataDir
			};
			const started = Date.now();
			let server = await startBoardServer(settings);
			const watcher = openBoardClient(server.wsUrl, board.boardId, board.manager.cookie);
			expect(await waitFor(watcher.online, RECONNECT_MS), 'the watcher syncs').toBe(true);

			const coordinator = board.coordinators[0];
			let editor: BoardClient | null = null;
			let editing: Editing | null = null;
			const startEditor = async () => {
				editor = openBoardClient(server.wsUrl, board.boardId, coordinator.cookie);
				expect(await waitFor(editor.online, RECONNECT_MS), 'the editor syncs').toBe(true);
				editing = startEditing(editor, { ...board, by: coordinator.user, random });
			};
			if (editorStays) await startEditor();
			let edits = 0;
			for (let kill = 0; kill < KILLS; kill++) {
				if (!editorStays) await startEditor();
				await sleep(100 + random() * 500);
				if (!editorStays) {
					editing!.stop();
					editor!.close();
					edits += editing!.count;
					// straight after the last edit: where a server that batches its writes still holds it in memory
					await sleep(random() * 15);
				}
				await server.kill();
				server = await startBoardServer(settings);
				const back = await waitFor(
					() => watcher.online() && (!editorStays || editor!.online()),
					RECONNECT_MS
				);
				expect(back, `clients reconnect after kill ${kill + 1}`).toBe(true);
			}
			if (editorStays) {
				editing!.stop();
				edits += editing!.count;
				// everything the editor made has reached the server and been relayed
				expect(
					await waitFor(() => covers(watcher.doc, editor!.doc), RECONNECT_MS),
					'the watcher catches up'
				).toBe(true);
			}
			closeAllClients();
			await server.stop();

			const comparison = compareWithWatcher(
				watcher.doc,
				await database.with((open) => reloadBoard(open, board.boardId))
			);
			console.log(
				`[chaos] kill -9 ×${KILLS}, ${editorStays ? 'editor online' : 'editor gone'}, seed ${seed}: ` +
					`${edits} edits made; ${describeComparison(comparison)}; ${((Date.now() - started) / 1000).toFixed(1)} s`
			);
			expect(comparison.editsChecked, 'the watcher saw edits').toBeGreaterThan(0);
			expect(
				comparison,
				describeComparison(comparison) + `\n${serverLog.slice(-20).join('\n')}`
			).toMatchObject({
				editsLost: 0,
				structsLost: 0,
				deletionsLost: 0,
				pending: false
			});
		},
		120_000 + KILLS * 30_000
	);
});
