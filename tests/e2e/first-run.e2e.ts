/**
 * First run without the demo (issue 14 part 2): a server of its own on an empty embedded database
 * prints a one-time setup code; the sign-in page says there are no accounts and links to /setup;
 * a wrong code is refused; the right one creates the first administrator, who lands on the
 * setup checklist; /setup is then gone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './test';

// its own port, beside the shared server and the restart test's (4191)
const PORT = 4197;
const ORIGIN = `http://localhost:${PORT}`;

function startServer(dataDir: string): { server: ChildProcess; output: () => string } {
	let output = '';
	// node itself, not npx, so that SIGTERM reaches the server and its graceful shutdown runs
	const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
		env: {
			...process.env,
			PORT: String(PORT),
			ORIGIN,
			DATA_DIR: dataDir,
			DATABASE_URL: '',
			WAITWISE_DEMO: '0'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	return { server, output: () => output };
}

async function serving(output: () => string): Promise<void> {
	for (let i = 0; i < 240; i++) {
		if (output().includes('Waitwise is serving on')) return;
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`the first-run server did not start:\n${output()}`);
}

async function stop(server: ChildProcess): Promise<void> {
	if (server.exitCode !== null) return;
	const exited = new Promise((r) => server.once('exit', r));
	server.kill('SIGTERM');
	await exited;
}

test('a new trust creates its first administrator with the printed code, once, and sees the checklist', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const dataDir = mkdtempSync(join(tmpdir(), 'waitwise-first-run-'));
	const { server, output } = startServer(dataDir);
	try {
		await serving(output);
		const code = /setup code: ([A-Z0-9-]+)/.exec(output())?.[1];
		expect(code, output()).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);

		const context = await browser.newContext({ baseURL: ORIGIN });
		const page = await context.newPage();
		await page.goto('/login');
		await expect(page.getByRole('status')).toContainText('This instance has no accounts yet');
		await page.getByRole('link', { name: 'Set it up' }).click();
		await expect(page).toHaveURL(/\/setup$/);
		await expect(page.locator('html[data-hydrated]')).toBeAttached();
		// the code is never on a page
		expect(await page.content()).not.toContain(code!);

		await page.getByLabel('Setup code').fill('AAAA-BBBB-CCCC-DDDD');
		await page.getByLabel('Your name').fill('Freya Firstrun');
		await page.getByLabel('Email').fill('freya@firstrun.test');
		await page.getByLabel('Password (12 characters or more)').fill('first run password');
		await page.getByRole('button', { name: 'Create the administrator' }).click();
		await expect(page.getByRole('alert')).toContainText('That setup code is not right');

		await page.getByLabel('Setup code').fill(code!);
		await page.getByLabel('Password (12 characters or more)').fill('first run password');
		await page.getByRole('button', { name: 'Create the administrator' }).click();
		await expect(page).toHaveURL(/\/admin\/setup$/, { timeout: 30_000 });
		await expect(page.getByRole('heading', { name: 'Setting up your trust' })).toBeVisible();
		const steps = page.getByTestId('setup-step');
		await expect(steps).toHaveCount(7);
		const step = (title: string) =>
			steps.filter({ has: page.getByRole('link', { name: title, exact: true }) });
		await expect(step('Sites')).toContainText('Missing: no sites yet');
		await expect(step('Staff')).toContainText('accounts: 1');
		await expect(step('Job plans')).toContainText('Missing: no weekly session templates yet');
		await expect(step('Sessions generated')).toContainText('Missing');
		await expect(step('PTL extract').getByRole('link')).toHaveAttribute('href', '/admin/import');
		await expect(step('Job plans').getByRole('link')).toHaveAttribute('href', '/admin/job-plans');
		// reachable from the admin's menu
		await expect(
			page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Setup' })
		).toBeVisible();

		// the first administrator exists: /setup is gone, and sign-in no longer offers it
		expect((await page.request.get('/setup')).status()).toBe(404);
		await context.close();
	} finally {
		await stop(server);
		rmSync(dataDir, { recursive: true, force: true });
	}
});
