import { expect, test } from './test';
import { signIn } from './session';

// Issue 15: the planner page — the list's own weeks calibrate the model, the fit is shown beside
// every projection, scenarios sit side by side and the capacity needed for a target is stated.

test('a manager plans capacity for a list and compares a scenario with things as they are', async ({
	page
}) => {
	await signIn(page, 'manager@demo.test');
	await page.goto('/dashboards/breach-risk');
	await page.getByRole('link', { name: 'Plan capacity' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Demand and capacity planner');
	await expect(page.getByText(/mean absolute error on the weeks ending/).first()).toBeVisible();
	await expect(page.getByTestId('capacity-needed')).toContainText('65% within 18 weeks');

	// the demo records treatments for its last four weeks only: calibrate on all of them
	await page.getByLabel('Weeks held out to check').fill('0');
	await page.getByLabel('Scenario 1 name').fill('Two more lists');
	await page.getByLabel('Scenario 1 extra sessions a week').fill('2');
	await page.getByRole('button', { name: 'Plan' }).click();
	await expect(page).toHaveURL(/s=Two\+more\+lists%7C0%7C0%7C2/);
	await expect(page.getByLabel('Scenario 1 name')).toHaveValue('Two more lists');

	const figure = page.locator('[data-chart="capacity-list-size"]');
	await figure.getByText('Table of figures').click();
	const table = figure.getByRole('table');
	const final = (name: string) =>
		table.getByRole('row').filter({ hasText: name }).last().getByRole('cell').nth(2);
	const asNow = Number((await final('As now').innerText()).replace(/,/g, ''));
	const more = Number((await final('Two more lists').innerText()).replace(/,/g, ''));
	expect(more).toBeLessThan(asNow);
});

test('a planner link with too short a history is refused by name', async ({ page }) => {
	await signIn(page, 'manager@demo.test');
	const answer = await page.goto('/planning/capacity?weeks=8&holdOut=6');
	expect(answer?.status()).toBe(400);
	await expect(
		page.getByText('holdOut: leaves 2 of 8 weeks to calibrate on; at least 4 are needed')
	).toBeVisible();
});
