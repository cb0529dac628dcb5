/**
 * Staff import (issue 14 part 2): an admin checks a staff file (dry run), imports it and is shown
 * a one-time set-password link; the new person opens it in a browser of their own, chooses a
 * password and signs in with the role the file gave. The link then opens nothing.
 */
import { expect, test } from './test';
import { signIn, visit } from './session';

const EMAIL = 'e2e-refimport-ann@zedford.example';
const PASSWORD = 'refimport e2e password';
const STAFF = [
	'email,name,role',
	`${EMAIL.toUpperCase()},Ann Refimport,records`,
	'e2e-refimport-bad,Not An Email,wizard'
].join('\n');

test('an admin imports a staff file; the new person sets a password by the link and signs in', async ({
	page,
	browser
}) => {
	await signIn(page, 'admin@demo.test');
	await visit(page, '/admin/import');
	await page.getByRole('link', { name: 'staff', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Import staff' })).toBeVisible();
	await expect(page.locator('html[data-hydrated]')).toBeAttached();
	await page
		.getByLabel('File')
		.setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(STAFF) });

	await page.getByRole('button', { name: 'Check (dry run)' }).click();
	await expect(page.getByRole('heading', { name: 'Dry run: nothing was written' })).toBeVisible();
	await expect(page.getByTestId('created')).toHaveText('1');
	await expect(page.getByTestId('rejected')).toHaveText('1');
	const bad = page.getByRole('row', { name: /^3 e2e-refimport-bad/ });
	await expect(bad).toContainText('email: "e2e-refimport-bad" is not an email address');
	await expect(bad).toContainText('role: "wizard" is not one of');
	await expect(page.getByTestId('set-password-link')).toHaveCount(0);

	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();
	await expect(page.getByTestId('created')).toHaveText('1');
	const link = (await page.getByTestId('set-password-link').textContent()) ?? '';
	expect(link).toMatch(/\/welcome\/[\w-]{43}$/);

	const context = await browser.newContext();
	const newcomer = await context.newPage();
	await newcomer.goto(link);
	await expect(
		newcomer.getByRole('heading', { name: 'Welcome to Waitwise, Ann Refimport' })
	).toBeVisible();
	await expect(newcomer.locator('html[data-hydrated]')).toBeAttached();
	await newcomer.getByLabel('New password').fill(PASSWORD);
	await newcomer.getByLabel('The same password again').fill(PASSWORD);
	await newcomer.getByRole('button', { name: 'Set password' }).click();
	await expect(newcomer).toHaveURL(/\/login$/);

	await signIn(newcomer, EMAIL, PASSWORD);
	const me = await newcomer.request.get('/api/me');
	expect(await me.json()).toMatchObject({ user: { email: EMAIL, role: 'records' } });
	await expect(newcomer.getByRole('link', { name: 'Case notes', exact: true })).toBeVisible();

	// spent: the link opens nothing now
	const again = await newcomer.goto(link);
	expect(again?.status()).toBe(404);
});
