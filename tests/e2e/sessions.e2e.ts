import { expect, test } from './test';
import { signIn } from './session';

test('a person sees their sessions, and signing out everywhere sends their other tab to sign-in', async ({
	browser
}) => {
	const ward = await browser.newContext({ userAgent: 'Ward PC browser' });
	const office = await browser.newContext({ userAgent: 'Office browser' });
	const wardPage = await ward.newPage();
	const officePage = await office.newPage();
	await signIn(wardPage, 'summariser@demo.test');
	await signIn(officePage, 'summariser@demo.test');
	// A page with live updates open on the ward PC.
	await wardPage.goto('/summarising');

	await officePage.getByRole('link', { name: 'Sam Summariser' }).click();
	await expect(officePage.getByRole('heading', { name: 'Your sessions' })).toBeVisible();
	await expect(officePage.getByRole('cell', { name: 'Office browser (this one)' })).toBeVisible();
	await expect(officePage.getByRole('cell', { name: 'Ward PC browser' })).toBeVisible();

	await officePage.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
	await expect(officePage).toHaveURL(/\/login/);
	// The ward PC's socket is closed by the server; its page leaves patient data for sign-in.
	await expect(wardPage).toHaveURL(/\/login\?next=%2Fsummarising/, { timeout: 5_000 });
	await ward.close();
	await office.close();
});

test('an admin sees the users and their sessions', async ({ page }) => {
	await signIn(page, 'admin@demo.test');
	await page.getByRole('link', { name: 'Users' }).click();
	await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
	await expect(page.getByRole('cell', { name: 'records@demo.test' })).toBeVisible();
});

test('a throttled sign-in form says how long to wait', async ({ page }) => {
	await page.goto('/login');
	for (let i = 0; i < 11; i++) {
		await page.getByLabel('Email').fill('nobody-here@demo.test');
		await page.getByLabel('Password').fill(`wrong guess ${i}`);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toBeVisible();
	}
	await expect(page.getByRole('alert')).toHaveText(
		/^Too many failed sign-in attempts\. Try again in 15 minutes/
	);
});
