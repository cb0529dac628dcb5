/**
 * Several instances started at once on one new PostgreSQL database (a cluster's replicas) each
 * apply the migrations at start-up: every one must start, and each migration runs once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, migrationsFolder, type OpenDatabase } from '../../db';
import { createPostgresDatabase, SHARED_POSTGRES_URL } from './databases';

describe('instances starting together on a new PostgreSQL database', () => {
	const opened: OpenDatabase[] = [];
	let drop: (() => Promise<void>) | undefined;
	afterAll(async () => {
		await Promise.all(opened.map((o) => o.close()));
		await drop?.();
	});

	it('all start, and each migration is applied once', async () => {
		const created = await createPostgresDatabase(SHARED_POSTGRES_URL, 'ww_migrate');
		drop = created.drop;
		const results = await Promise.allSettled(
			[1, 2, 3, 4].map(() => connect(created.url, { max: 2 }))
		);
		for (const r of results) if (r.status === 'fulfilled') opened.push(r.value);
		expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual([
			'ok',
			'ok',
			'ok',
			'ok'
		]);
		const journal = JSON.parse(
			readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')
		) as { entries: unknown[] };
		const sql = postgres(created.url, { max: 1, onnotice: () => {} });
		try {
			const [{ n }] = await sql<{ n: number }[]>`
				select count(*)::int as n from drizzle.__drizzle_migrations`;
			expect(n).toBe(journal.entries.length);
		} finally {
			await sql.end();
		}
	});
});
