import {
	createServer,
	type IncomingMessage,
	type RequestListener,
	type Server,
	type ServerResponse
} from 'node:http';
import {
	configuredDatabaseUrl,
	databaseKind,
	openDatabase,
	pingDatabase,
	type OpenDatabase
} from '../db';
import { boardSavingStatus, replayWriteAheadLog } from '../src/lib/server/planner/boardLog';

export interface StartOptions {
	log?: (message: string) => void;
	env?: NodeJS.ProcessEnv;
}

/**
 * Opens the database (applying migrations) and, on the first run of an empty embedded database
 * (or whenever WAITWISE_DEMO=1), loads the synthetic demo trust so a new user has a working app.
 * A database with no administrator gets a one-time setup code, printed here, for /setup.
 */
export async function startServices({
	log = console.log,
	env = process.env
}: StartOptions = {}): Promise<{
	open: OpenDatabase;
	demoLoaded: boolean;
}> {
	const url = configuredDatabaseUrl(env);
	const open = await openWhenAvailable(url, log);
	log(`Database: ${open.kind} at ${open.location} (migrations applied)`);
	// before any board loads; a board whose log is not written yet refuses to open until it is
	void replayWriteAheadLog(open, log);
	const wantDemo =
		env.WAITWISE_DEMO === '1' || (env.WAITWISE_DEMO !== '0' && databaseKind(url) === 'pglite-disk');
	let demoLoaded = false;
	if (wantDemo) {
		const demo = await import('../db/demo');
		if (await demo.isDatabaseEmpty(open)) {
			const pathways = Number(env.DEMO_PATHWAYS ?? 20000);
			const seed = Number(env.DEMO_SEED ?? 42);
			log(`First run: loading the synthetic demo trust (${pathways} pathways, seed ${seed})…`);
			const started = Date.now();
			const { trustToday } = await import('../src/lib/server/trustCalendar');
			const today = await trustToday(open.db);
			await demo.loadDemoTrust(open, { seed, pathways, today, log });
			const { createDefaultBoards } = await import('../src/lib/server/planner/boards');
			log(`Planning boards created: ${await createDefaultBoards(open.db, today)}`);
			log(`Demo trust loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
			demoLoaded = true;
		}
	}
	// a trust's own empty database: the first administrator is made on /setup with this code
	const { announceSetupCode } = await import('../src/lib/server/setup');
	await announceSetupCode(open.db, log);
	return { open, demoLoaded };
}

/** Errors that mean PostgreSQL is not answering yet, as opposed to a wrong address or password. */
const UNAVAILABLE = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'CONNECT_TIMEOUT',
	'57P03'
]);

/**
 * A restart during a PostgreSQL outage waits for the database instead of exiting: board edits
 * kept in the local write-ahead log are written as soon as it answers.
 */
async function openWhenAvailable(
	url: string,
	log: (message: string) => void
): Promise<OpenDatabase> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await openDatabase(url);
		} catch (err) {
			const code = errorCode(err);
			if (databaseKind(url) !== 'postgres' || !code || !UNAVAILABLE.has(code)) throw err;
			if (attempt === 0) log(`The database is not answering (${code}); trying again every 2 s…`);
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
}

function errorCode(err: unknown): string | undefined {
	for (let e = err; e instanceof Error; e = e.cause) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string') return code;
	}
	return undefined;
}

/**
 * GET /healthz: 200 `ok` when the database answers and every board update is in it; otherwise 503
 * `degraded`, with how many board updates wait (in the local log, or held) and which boards have
 * saving paused.
 */
export async function healthz(open: OpenDatabase | undefined, res: ServerResponse): Promise<void> {
	const ok = open ? await pingDatabase(open) : false;
	const saving = open ? boardSavingStatus(open) : { paused: [], updatesWaiting: 0 };
	const healthy = ok && saving.paused.length === 0 && saving.updatesWaiting === 0;
	res.writeHead(healthy ? 200 : 503, {
		'content-type': 'application/json',
		'cache-control': 'no-store'
	});
	res.end(
		JSON.stringify({
			status: healthy ? 'ok' : 'degraded',
			database: { kind: open?.kind ?? null, ok },
			boards: { savingPaused: saving.paused, updatesWaiting: saving.updatesWaiting }
		})
	);
}

export function isHealthz(req: IncomingMessage): boolean {
	return (
		req.method === 'GET' && (req.url === '/healthz' || req.url?.startsWith('/healthz?') === true)
	);
}

/** Prints the demo accounts when this database holds them (it never does without demo data). */
export async function printDemoAccounts(
	open: OpenDatabase,
	log: (m: string) => void
): Promise<void> {
	const rows = await open.query(`select 1 from users where email = 'admin@demo.test'`);
	if (rows.length === 0) return;
	const { DEMO_ACCOUNTS, DEMO_PASSWORD } = await import('../db/demo');
	log(`Demo accounts (password "${DEMO_PASSWORD}"):`);
	for (const a of DEMO_ACCOUNTS) log(`  ${a.email.padEnd(26)} ${a.role}`);
}

/**
 * An idle kept-alive connection stays open this long. Whoever closes an idle connection first
 * must be the client's side: Node's default of 5 s is shorter than HAProxy's `timeout
 * http-keep-alive 10s` (deploy/haproxy.cfg) and the 60 s of common cloud balancers, so a request
 * sent on a reused connection as the server hung up failed with ECONNRESET ("socket hang up").
 */
export const KEEP_ALIVE_MS = 65_000;

/** The HTTP server every entry point serves on (server/index.ts, the chaos tests' board server). */
export function createHttpServer(listener: RequestListener): Server {
	const server = createServer(listener);
	server.keepAliveTimeout = KEEP_ALIVE_MS;
	// Node's rule: the headers timeout must exceed the keep-alive one, or a slow first request on a
	// reused connection is cut off by the wrong timer.
	server.headersTimeout = KEEP_ALIVE_MS + 1_000;
	return server;
}
