/**
 * Does a transaction the embedded database (PGlite on disk) has committed survive `kill -9`?
 * The board log relies on it: on PGlite, as on PostgreSQL, an update is relayed once its commit
 * returns. A child process commits rows one by one and is killed at a random moment; every row it
 * reported committed must be there when the folder is opened again.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { connect } from '../../db';

const dir = mkdtempSync(join(tmpdir(), 'waitwise-pglite-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps every committed transaction when the process is killed with SIGKILL', async () => {
	const child = spawn(
		process.execPath,
		['--import', 'tsx', 'tests/integration/pgliteCommitter.ts', join(dir, 'pglite')],
		{
			stdio: ['ignore', 'pipe', 'inherit']
		}
	);
	let reported = 0;
	let pending = '';
	const target = 100 + Math.floor(Math.random() * 200);
	const exited = new Promise((resolve) => child.once('exit', resolve));
	await new Promise<void>((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`the committer exited early (${code})`)));
		child.stdout.on('data', (chunk: Buffer) => {
			const lines = (pending + chunk.toString()).split('\n');
			pending = lines.pop() ?? '';
			for (const line of lines) reported = Number(line);
			if (reported >= target) resolve();
		});
	});
	child.kill('SIGKILL');
	await exited;

	const open = await connect(join(dir, 'pglite'), { migrate: false });
	try {
		const [row] = await open.query<{ n: number; top: number }>(
			'select count(*)::int as n, max(n)::int as top from kill_probe'
		);
		expect(row.top).toBeGreaterThanOrEqual(reported);
		expect(row.n).toBe(row.top); // no holes either
	} finally {
		await open.close();
	}
}, 60_000);
