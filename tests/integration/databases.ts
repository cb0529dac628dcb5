/**
 * The real databases integration tests run against: in-memory PGlite always, and PostgreSQL too
 * when TEST_DATABASE_URL is set. Each PostgreSQL use gets a database of its own, created from the
 * given one and dropped afterwards, so test files can run in parallel and never see each other.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { connect, type OpenDatabase } from '../../db';

/**
 * The PostgreSQL server that tests needing PostgreSQL whatever the run (several instances share
 * one database) create their own databases on: TEST_DATABASE_URL, else the machine's.
 */
export const SHARED_POSTGRES_URL =
	process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestTarget {
	name: string;
	open(): Promise<OpenDatabase>;
}

export function withDatabaseName(url: string, name: string): string {
	const u = new URL(url);
	u.pathname = `/${name}`;
	return u.toString();
}

export async function createPostgresDatabase(
	adminUrl: string,
	prefix = 'ww_test'
): Promise<{ url: string; drop(): Promise<void> }> {
	const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database "${name}"`);
	await admin.end();
	return {
		url: withDatabaseName(adminUrl, name),
		async drop() {
			const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
			await a.unsafe(`drop database if exists "${name}" with (force)`);
			await a.end();
		}
	};
}

export const targets: TestTarget[] = [
	{ name: 'PGlite (memory)', open: () => connect('memory://') }
];

const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) {
	targets.push({
		name: 'PostgreSQL',
		async open() {
			const created = await createPostgresDatabase(pgUrl);
			const open = await connect(created.url, { max: 4 });
			return {
				...open,
				async close() {
					await open.close();
					await created.drop();
				}
			};
		}
	});
}
