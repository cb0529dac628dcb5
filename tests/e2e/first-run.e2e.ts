/**
 * First run without the demo (issue 14 part 2): a server of its own on an empty embedded database
 * prints a one-time setup code; the sign-in page says there are no accounts and links to /setup;
 * a wrong code is refused; the right one creates the first administrator, who lands on the
 * setup checklist; /setup is then gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { healthy, startOwnServer, stopOwnServer } from './ownServer';
import { expect, test } from './test';

// its own port, beside the shared server and the restart test's (4191)
const PORT = 4197;
const ORIGIN = `http://localhost:${PORT}`;

test('a new trust creates its first administrator with the printed code, once, and sees the checklist', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const dataDir = mkdtempSync(join(tmpdir(), 'waitwise-first-run-'));
	const server = startOwnServer(PORT, {
		DATA_DIR: dataDir,
		DATABASE_URL: '',
		WAITWISE_DEMO: '0'
	});
	try {
		await healthy(PORT);
		const code = /setup code: ([A-Z0-9-]+)/.exec(server.output())?.[1];
		expect(code, server.output()).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);

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
		await stopOwnServer(server);
		rmSync(dataDir, { recursive: true, force: true });
	}
});
