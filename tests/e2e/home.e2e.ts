import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { signIn } from './session';

// Issue 13: the home page was the same RTT overview for every role. Each role now opens on its
// own work, and each figure agrees with the page it leads to.

const tile = (page: Page, label: string) =>
	page.getByTestId('home-tile').filter({ hasText: label });
const figureOf = async (page: Page, label: string) =>
	Number((await tile(page, label).locator('.figure').innerText()).replace(/,/g, ''));

test('a coordinator opens on validation due, unbooked P1 and P2 patients and the boards', async ({
	page
}) => {
	await signIn(page, 'coordinator@demo.test');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your work today');
	await expect(page.getByRole('table')).toHaveCount(0);
	await expect(
		page.getByRole('region', { name: 'Planning boards' }).getByRole('link')
	).not.toHaveCount(0);

	const urgent = await figureOf(page, 'P1 and P2 patients not booked');
	await tile(page, 'P1 and P2 patients not booked').click();
	await expect(page).toHaveURL(/\/ptl\?priority=P1a,P1b,P2&booked=unbooked$/);
	await expect(page.getByTestId('ptl-total')).toHaveText(urgent.toLocaleString('en-GB'));

	await page.goto('/');
	const due = await figureOf(page, 'Pathways to validate');
	await tile(page, 'Pathways to validate').click();
	await expect(page.getByTestId('worklist-total')).toHaveText(String(due));
});

test('records staff open on the pull list, summarisers on their queue, team leaders on the team', async ({
	browser
}) => {
	for (const [email, label, url] of [
		['records@demo.test', "Case notes on today's pull list", /\/records$/],
		['summariser@demo.test', 'Summaries I hold', /\/summarising$/],
		['teamlead@demo.test', 'Work held by the team', /\/team$/]
	] as const) {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, email);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your work today');
		await expect(tile(page, label)).toBeVisible();
		await expect(page.getByRole('table')).toHaveCount(0);
		await tile(page, label).click();
		await expect(page).toHaveURL(url);
		await context.close();
	}
});

test('a manager opens on the waiting list overview, with no one’s work tiles', async ({ page }) => {
	await signIn(page, 'manager@demo.test');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Waiting list overview');
	await expect(page.getByRole('table', { name: 'Open pathways by specialty' })).toBeVisible();
	await expect(page.getByTestId('home-tile')).toHaveCount(0);
});
