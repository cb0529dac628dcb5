/**
 * The one module that opens the database. The URL picks the driver: unset or a folder → embedded
 * PGlite stored on disk; `memory://` → in-memory PGlite; `postgres://` → PostgreSQL through
 * postgres-js. Everything above this module sees one typed `Database`.
 *
 * The Node server (server/), the scripts and the tests import this file directly, while SvelteKit
 * bundles its own copy into the build. Both must share one connection (two PGlite instances on
 * one folder would corrupt it), so the open database lives on `globalThis` under a registered
 * symbol, and whichever copy asks second gets the first one's.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export { schema };
export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Executor = Database | Tx;

/**
 * The rows of `db.execute(sql…)`: postgres-js returns the array, PGlite `{ rows }`. Select dates
 * as `::text` in such queries; the two drivers parse them differently.
 */
export function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export type DatabaseKind = 'pglite-memory' | 'pglite-disk' | 'postgres';

export interface OpenDatabase {
	db: Database;
	kind: DatabaseKind;
	/** Where it is: a folder, `memory://`, or the PostgreSQL URL without its password. */
	location: string;
	/** Raw SQL returning rows, the same shape on both drivers. */
	query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
	close(): Promise<void>;
}

/**
 * Raw queries return dates, times and timestamps as the text PostgreSQL sends, as postgres-js does
 * once drizzle has set it up, so ISO dates never pass through a local-time JS Date.
 */
const RAW_AS_TEXT = Object.fromEntries(
	[1082, 1083, 1114, 1184, 20].map((oid) => [
		oid,
		(value: string) => (oid === 20 ? Number(value) : value)
	])
);

const GLOBAL_KEY = Symbol.for('waitwise.database');
type Registry = { [GLOBAL_KEY]?: Promise<OpenDatabase> };
const registry = globalThis as Registry;

export function migrationsFolder(): string {
	return process.env.MIGRATIONS_DIR ?? fileURLToPath(new URL('./migrations', import.meta.url));
}

/** The database URL the app uses when it is started with this environment. */
export function configuredDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
	if (env.DATABASE_URL) return env.DATABASE_URL;
	return resolve(env.DATA_DIR ?? './data', 'pglite');
}

export function databaseKind(url: string): DatabaseKind {
	if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
	if (url === 'memory://' || url.startsWith('memory://')) return 'pglite-memory';
	return 'pglite-disk';
}

export function redactUrl(url: string): string {
	return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * Opens a database without registering it (tests open several at once). Applies the committed
 * migrations unless `migrate: false`.
 */
export async function connect(
	url: string,
	options: { migrate?: boolean; max?: number } = {}
): Promise<OpenDatabase> {
	const kind = databaseKind(url);
	let open: OpenDatabase;
	if (kind === 'postgres') {
		const { default: postgres } = await import('postgres');
		const { drizzle } = await import('drizzle-orm/postgres-js');
		const client = postgres(url, {
			max: options.max ?? 10,
			// During an outage a query should fail within seconds, so its caller can fall back.
			// Unanswered connection attempts (a host that drops packets) give up after 5 s, not 30.
			connect_timeout: 5,
			// A failed connection waits `backoff` seconds before it takes the next queued query.
			// The default grows to 10–20 s and the pool shares one retry count, so a 1.5 s outage
			// left queries waiting 13–17 s after the server was back; capped at 1 s instead.
			backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2),
			onnotice: () => {},
			// counts (int8) as numbers, the same as on PGlite; our counts never near 2^53
			types: {
				int8: {
					to: 20,
					from: [20],
					serialize: (v: number) => String(v),
					parse: (v: string) => Number(v)
				}
			}
		});
		const db = drizzle(client, { schema }) as unknown as Database;
		open = {
			db,
			kind,
			location: redactUrl(url),
			query: async <T>(text: string, params: unknown[] = []) =>
				(await client.unsafe(text, params as never[])) as unknown as T[],
			close: () => client.end({ timeout: 5 })
		};
	} else {
		const { PGlite } = await import('@electric-sql/pglite');
		const { drizzle } = await import('drizzle-orm/pglite');
		let dataDir: string | undefined;
		if (kind === 'pglite-disk') {
			dataDir = url.startsWith('file://') ? fileURLToPath(url) : resolve(url);
			mkdirSync(dataDir, { recursive: true });
		}
		const releaseLock = dataDir ? lockDataDir(dataDir) : () => {};
		const client = new PGlite(dataDir);
		await client.waitReady.catch((err: unknown) => {
			releaseLock();
			throw err;
		});
		const db = drizzle(client, { schema }) as unknown as Database;
		open = {
			db,
			kind,
			location: dataDir ?? 'memory://',
			query: async <T>(text: string, params: unknown[] = []) =>
				(await client.query<T>(text, params, { parsers: RAW_AS_TEXT })).rows,
			close: async () => {
				await client.close();
				releaseLock();
			}
		};
	}
	if (options.migrate !== false) {
		if (kind === 'postgres') await underMigrationLock(url, () => applyMigrations(open));
		else await applyMigrations(open);
	}
	return open;
}

/**
 * PGlite is single-process: two processes writing one folder corrupt it. The lock file holds the
 * owner's pid; a lock left by a process that no longer runs is taken over.
 */
function lockDataDir(dataDir: string): () => void {
	const lockFile = `${dataDir}.lock`;
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
			const release = () => rmSync(lockFile, { force: true });
			process.once('exit', release);
			return () => {
				process.off('exit', release);
				release();
			};
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
			const owner = Number(readFileSync(lockFile, 'utf8'));
			if (owner && owner !== process.pid && isRunning(owner)) {
				throw new Error(
					`The embedded database at ${dataDir} is in use by process ${owner} (probably the Waitwise server). ` +
						'Stop it first, or use PostgreSQL (DATABASE_URL) to share a database between processes.'
				);
			}
			rmSync(lockFile, { force: true });
		}
	}
	throw new Error(`Could not lock the embedded database at ${dataDir}`);
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** The advisory lock key that serialises migrations (any fixed 64-bit number of our own). */
const MIGRATION_LOCK = 0x5761_6974_7769; // "Waitwi"

/**
 * Several instances starting at once on one PostgreSQL must not apply the same migration twice:
 * each waits for a session-level advisory lock, held on a connection of its own while the pool
 * migrates, and finds the work done when its turn comes.
 */
async function underMigrationLock(url: string, run: () => Promise<void>): Promise<void> {
	const { default: postgres } = await import('postgres');
	const lock = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
	try {
		await lock`select pg_advisory_lock(${String(MIGRATION_LOCK)}::bigint)`;
		try {
			await run();
		} finally {
			await lock`select pg_advisory_unlock(${String(MIGRATION_LOCK)}::bigint)`.catch(() => {});
		}
	} finally {
		await lock.end({ timeout: 5 });
	}
}

async function applyMigrations(open: OpenDatabase): Promise<void> {
	const config = { migrationsFolder: migrationsFolder() };
	if (open.kind === 'postgres') {
		const { migrate } = await import('drizzle-orm/postgres-js/migrator');
		await migrate(open.db as never, config);
	} else {
		const { migrate } = await import('drizzle-orm/pglite/migrator');
		await migrate(open.db as never, config);
	}
}

/**
 * Opens (once per process) the app's database from the environment, applying migrations.
 * Idempotent: later calls, from either module copy, get the same connection.
 */
export function openDatabase(url: string = configuredDatabaseUrl()): Promise<OpenDatabase> {
	registry[GLOBAL_KEY] ??= connect(url).catch((err: unknown) => {
		delete registry[GLOBAL_KEY];
		throw err;
	});
	return registry[GLOBAL_KEY];
}

/** Makes an already-open database the app's (integration tests that run a real server). */
export function registerDatabase(open: OpenDatabase): void {
	registry[GLOBAL_KEY] = Promise.resolve(open);
}

/** The app's open database; throws if nothing has opened it. */
export async function database(): Promise<OpenDatabase> {
	const open = registry[GLOBAL_KEY];
	if (!open) throw new Error('The database has not been opened (call openDatabase() at start-up)');
	return open;
}

/** Closes the app's database (graceful shutdown, tests). */
export async function closeDatabase(): Promise<void> {
	const open = registry[GLOBAL_KEY];
	delete registry[GLOBAL_KEY];
	if (open) await (await open).close();
}

/** Cheap liveness probe for /healthz. */
export async function pingDatabase(open: OpenDatabase): Promise<boolean> {
	try {
		await open.db.execute(sql`select 1`);
		return true;
	} catch {
		return false;
	}
}
