/**
 * The database a chaos run breaks, and the local folder its server keeps between restarts. The
 * test process opens the database only while no server runs (embedded PGlite allows one opener
 * at a time), to seed it before and to reload the board after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type OpenDatabase } from '../../db';
import { createPostgresDatabase } from '../integration/databases';

export interface ChaosDatabase {
	/** DATABASE_URL for the server. */
	url: string;
	/** DATA_DIR for the server: survives its restarts, deleted by drop(). */
	dataDir: string;
	/** Opens the database in this process, runs `use`, and closes it again. */
	with<T>(use: (open: OpenDatabase) => Promise<T>): Promise<T>;
	drop(): Promise<void>;
}

function tempDir(): string {
	return mkdtempSync(join(tmpdir(), 'ww-chaos-'));
}

async function using<T>(url: string, use: (open: OpenDatabase) => Promise<T>): Promise<T> {
	const open = await connect(url, { max: 2 });
	try {
		return await use(open);
	} finally {
		await open.close();
	}
}

export function pgliteOnDisk(): ChaosDatabase {
	const dataDir = tempDir();
	const url = join(dataDir, 'pglite');
	return {
		url,
		dataDir,
		with: (use) => using(url, use),
		async drop() {
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** A database of its own on the PostgreSQL server at `adminUrl` (dropped afterwards). */
export async function postgresDatabase(adminUrl: string): Promise<ChaosDatabase> {
	const created = await createPostgresDatabase(adminUrl, 'ww_chaos');
	const dataDir = tempDir();
	return {
		url: created.url,
		dataDir,
		with: (use) => using(created.url, use),
		async drop() {
			rmSync(dataDir, { recursive: true, force: true });
			await created.drop();
		}
	};
}
