/**
 * A stream of small queries and transactions through the app's own database module (db/index.ts),
 * run as a child process by tests/integration/chaos-driver.spec.ts: if the driver throws where no
 * caller can catch it (postgres-js's buffered write to a socket that is gone), this process dies
 * and the test runner lives to report it.
 *
 * Env: DATABASE_URL (postgres://), LOAD_WORKERS. Prints `ready` once connected, then a JSON
 * `LoadReport` line every 100 ms.
 */
import { eq } from 'drizzle-orm';
import { connect } from '../../db';
import { settings } from '../../db/schema';

export interface LoadReport {
	ok: number;
	/** Rejections by error code (the innermost cause's `code`, e.g. CONNECTION_CLOSED, 57P01). */
	failures: Record<string, number>;
	/** Rejections that do not say the database went away (message, capped). */
	unexpected: string[];
	/** Per worker: when (epoch ms) its last operation succeeded, 0 if none has. */
	lastOk: number[];
	/** The longest any rejected operation took to settle. */
	slowestFailureMs: number;
	/** How long the oldest operation still waiting has waited (0 if none waits). */
	oldestPendingMs: number;
}

/** What a query may reject with when the server stops, restarts or refuses connections. */
const CONNECTION_LOST = new Set([
	'CONNECTION_CLOSED',
	'CONNECTION_DESTROYED',
	'CONNECTION_ENDED',
	'CONNECT_TIMEOUT',
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	// admin_shutdown, crash_shutdown, cannot_connect_now (starting up / shutting down)
	'57P01',
	'57P02',
	'57P03'
]);

/** The driver's error under drizzle's DrizzleQueryError wrapper(s). */
function innermost(err: unknown): { code: string; message: string } {
	let e = err as { code?: unknown; cause?: unknown; message?: unknown } | undefined;
	while (e && e.code === undefined && e.cause) e = e.cause as typeof e;
	return { code: String(e?.code ?? 'no code'), message: String(e?.message ?? err) };
}

const url = process.env.DATABASE_URL ?? '';
const workers = Number(process.env.LOAD_WORKERS ?? 16);
const open = await connect(url);
const db = open.db;
// over 1 kB: postgres-js writes this at once instead of buffering it behind setImmediate
const large = { note: 'x'.repeat(2048) };

const report: LoadReport = {
	ok: 0,
	failures: {},
	unexpected: [],
	lastOk: Array.from({ length: workers }, () => 0),
	slowestFailureMs: 0,
	oldestPendingMs: 0
};
const pending = new Map<number, number>();

async function operation(worker: number, n: number): Promise<void> {
	const key = `chaos-load-${worker}`;
	switch (n % 3) {
		case 0:
			await db.transaction(async (tx) => {
				await tx
					.insert(settings)
					.values({ key, value: { n } })
					.onConflictDoUpdate({ target: settings.key, set: { value: { n } } });
				await tx.select().from(settings).where(eq(settings.key, key));
			});
			return;
		case 1:
			await db.select().from(settings).where(eq(settings.key, key));
			return;
		default:
			await db.transaction(async (tx) => {
				await tx
					.insert(settings)
					.values({ key, value: large })
					.onConflictDoUpdate({ target: settings.key, set: { value: large } });
			});
	}
}

async function work(worker: number): Promise<void> {
	for (let n = 0; ; n++) {
		const started = Date.now();
		pending.set(worker, started);
		try {
			await operation(worker, n);
			report.ok++;
			report.lastOk[worker] = Date.now();
		} catch (err) {
			const { code, message } = innermost(err);
			report.failures[code] = (report.failures[code] ?? 0) + 1;
			if (!CONNECTION_LOST.has(code) && report.unexpected.length < 20) {
				report.unexpected.push(`${code}: ${message}`);
			}
			report.slowestFailureMs = Math.max(report.slowestFailureMs, Date.now() - started);
		}
		pending.delete(worker);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

console.log('ready');
for (let w = 0; w < workers; w++) void work(w);
setInterval(() => {
	const oldest = Math.min(...pending.values());
	report.oldestPendingMs = pending.size ? Date.now() - oldest : 0;
	console.log(JSON.stringify(report));
}, 100);
