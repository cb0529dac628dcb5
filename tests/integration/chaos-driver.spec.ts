/**
 * PostgreSQL stops (`-m immediate`) under a stream of small queries and transactions made through
 * the app's own database module, on a throwaway cluster of our own. postgres-js 3.4 buffers small
 * writes behind a setImmediate; when the socket is gone by the time it runs, the driver throws
 * `Cannot read properties of null (reading 'write')` where nobody can catch it and the process
 * dies (upstream porsager/postgres#1066, #1154, #1208). The load runs in a child process
 * (tests/chaos/queryLoad.ts) so that such a crash is reported rather than taking Vitest down.
 *
 * What must hold: the process lives; every query either succeeds or rejects with an error that
 * says the database went away; every worker's queries succeed again once the server is back.
 * And a connection whose socket closed while a small write was still buffered connects again
 * (the driver's teardown cleared that write's timer without forgetting it, so no later write on
 * the connection, its next startup message included, was ever sent).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect as tcpConnect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoadReport } from '../chaos/queryLoad';
import {
	createCluster,
	destroyAllClusters,
	postgresBinaries,
	type ThrowawayCluster
} from '../chaos/cluster';
import { seededRandom, sleep, waitFor } from '../chaos/clients';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = fileURLToPath(new URL('../chaos/queryLoad.ts', import.meta.url));
const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const OUTAGES = 3;
const OUTAGE_MS = 1500;
/** Generous: how long reconnecting may take once the server is back. */
const SETTLE_MS = 30_000;
const bin = postgresBinaries();

interface Load {
	latest(): LoadReport | null;
	/** How it ended, or null while it runs. */
	exitStatus(): string | null;
	/** The child's last lines of stderr, for a failing test's message. */
	stderr(): string;
}

const children = new Set<ChildProcess>();

function startLoad(databaseUrl: string): Promise<Load> {
	const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, DATABASE_URL: databaseUrl, VITEST: undefined }
	});
	children.add(child);
	let latest: LoadReport | null = null;
	let exitStatus: string | null = null;
	const errors: string[] = [];
	child.once('exit', (code, signal) => {
		children.delete(child);
		exitStatus = signal ?? `exit code ${code}`;
	});
	createInterface({ input: child.stderr! }).on('line', (line) => {
		errors.push(line);
		if (errors.length > 40) errors.shift();
	});
	const load: Load = {
		latest: () => latest,
		exitStatus: () => exitStatus,
		stderr: () => errors.join('\n')
	};
	return new Promise((resolve, reject) => {
		createInterface({ input: child.stdout! }).on('line', (line) => {
			if (line === 'ready') resolve(load);
			else if (line.startsWith('{')) latest = JSON.parse(line) as LoadReport;
		});
		child.once('exit', () =>
			reject(new Error(`the load ended before it was ready:\n${load.stderr()}`))
		);
	});
}

function killLoads(): void {
	for (const child of children) child.kill('SIGKILL');
}
process.once('exit', killLoads);

if (!bin) {
	console.warn(
		'[chaos] PostgreSQL driver outage test SKIPPED: no initdb/pg_ctl under /usr/lib/postgresql/*/bin (set CHAOS_PG_BIN)'
	);
}

describe.skipIf(!bin)(
	'the PostgreSQL driver while the server stops and starts (throwaway cluster)',
	() => {
		let cluster: ThrowawayCluster;

		beforeAll(async () => {
			cluster = await createCluster(bin!);
		});
		afterEach(killLoads);
		afterAll(async () => {
			killLoads();
			await destroyAllClusters();
		});

		it('stays up, rejects what it cannot run with a catchable error, and resumes', async () => {
			const random = seededRandom(SEED);
			const load = await startLoad(cluster.url);
			const alive = (n: number) =>
				`the process stays up through outage ${n} (seed ${SEED}): ${load.exitStatus()}\n${load.stderr()}`;
			expect(await waitFor(() => (load.latest()?.ok ?? 0) > 0, SETTLE_MS), 'queries run').toBe(
				true
			);

			const resumedAfter: string[] = [];
			for (let n = 1; n <= OUTAGES; n++) {
				// mid-stream, at a different instant each time
				await sleep(300 + random() * 700);
				await cluster.stop();
				await sleep(OUTAGE_MS);
				await cluster.start();
				const back = Date.now();
				// asked with the server running again, so a failure leaves it running for the next test
				expect(load.exitStatus(), alive(n)).toBeNull();
				const resumed = await waitFor(
					() => load.exitStatus() !== null || load.latest()!.lastOk.every((at) => at > back),
					SETTLE_MS
				);
				resumedAfter.push(`${Date.now() - back} ms`);
				expect(load.exitStatus(), alive(n)).toBeNull();
				expect(resumed, `every worker's queries succeed again after outage ${n}`).toBe(true);
			}

			const report = load.latest()!;
			console.log(
				`[chaos] driver: ${OUTAGES} × ${OUTAGE_MS} ms outages, seed ${SEED}: ${report.ok} queries ok, ` +
					`rejected ${JSON.stringify(report.failures)}, slowest rejection ${report.slowestFailureMs} ms, ` +
					`every worker ran again ${resumedAfter.join(', ')} after the server was back`
			);
			expect(
				Object.values(report.failures).reduce((a, b) => a + b, 0),
				'queries were running when the server stopped'
			).toBeGreaterThan(0);
			expect(report.unexpected, 'rejections say the database went away').toEqual([]);
		}, 180_000);

		it('connects again after its socket closed with a small write still buffered', async () => {
			let socket: Socket | undefined;
			// postgres-js takes a socket factory (its Cloudflare build uses one) but does not type it
			const ownSocket: object = {
				socket: ({ host, port }: { host: string[]; port: number[] }) =>
					(socket = tcpConnect(port[0], host[0]))
			};
			const sql = postgres(cluster.url, {
				max: 1,
				// a connection that never sends its startup message fails this soon, not in 30 s
				connect_timeout: 2,
				onnotice: () => {},
				...ownSocket
			});
			try {
				await sql`select 1`;
				// Inside a setImmediate callback the query's write is buffered behind a setImmediate of
				// the next turn, and the socket's close is handled in this turn, before that runs.
				const { buffered } = await new Promise<{ buffered: Promise<unknown> }>((resolve) =>
					setImmediate(() => {
						socket!.destroy();
						resolve({ buffered: sql`select 2`.execute() });
					})
				);
				const lost = await buffered.then(
					() => 'ran',
					(err: { code?: string }) => err.code
				);
				expect(lost, 'the query whose socket closed rejects').toBe('CONNECTION_CLOSED');
				const again = async (n: number) =>
					sql`select ${n}::int as n`.then(
						([row]) => row.n as number,
						(err: { code?: string }) => err.code
					);
				expect(await again(3), 'the next query runs on a new socket').toBe(3);
				expect(await again(4)).toBe(4);
			} finally {
				await sql.end({ timeout: 1 });
			}
		});
	}
);
