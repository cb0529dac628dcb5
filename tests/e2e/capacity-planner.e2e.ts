import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from './test';
import { signIn, visit } from './session';

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

test('a manager saves a scenario, a team leader opens exactly it by its link, and only its owner deletes it', async ({
	page,
	browser,
	baseURL
}) => {
	await signIn(page, 'manager@demo.test');
	await visit(page, '/planning/capacity?holdOut=0&target=80&over=52&s=Two+more+lists%7C0%7C0%7C2');
	const name = `Winter plan ${Date.now()}`;
	await page.getByLabel('Save the plan shown as').fill(name);
	await page.getByRole('button', { name: 'Save scenario' }).click();
	await expect(page).toHaveURL(/\/planning\/capacity\?saved=\d+$/);
	const link = page.url();
	await expect(page.getByTestId('opened-scenario')).toContainText(`Showing ${name}, saved by`);
	await expect(page.getByLabel('Target: % within 18 weeks')).toHaveValue('80');
	await expect(page.getByLabel('Target: no one over (weeks)')).toHaveValue('52');
	await expect(page.getByLabel('Scenario 1 name')).toHaveValue('Two more lists');
	await expect(page.getByTestId('capacity-needed-over')).toContainText('no one over 52 weeks');
	await expect(page.getByRole('link', { name: `Open ${name}` })).toHaveAttribute(
		'href',
		new URL(link).pathname + new URL(link).search
	);

	// the long waits over the horizon, one panel a threshold, drawn and tabled for each scenario
	const longWaits = page.locator('[data-chart="capacity-long-waits"]');
	await expect(longWaits.locator('svg').first()).toBeVisible();
	await expect(longWaits.getByText(/the target of no one over 52 weeks/)).toBeVisible();
	await longWaits.getByText('Table of figures').click();
	for (const wait of ['Over 52 weeks', 'Over 65 weeks', 'Over 78 weeks'])
		await expect(
			longWaits.getByRole('row').filter({ hasText: 'Two more lists' }).filter({ hasText: wait })
		).not.toHaveCount(0);

	// the list of saved scenarios and the opened one's note meet WCAG 2.2 AA too (the
	// accessibility e2e sees the page with none saved)
	const { violations } = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.include('.saved')
		.analyze();
	expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

	// the same name again is refused by name, and the list still holds it once
	await page.getByLabel('Save the plan shown as').fill(name);
	await page.getByRole('button', { name: 'Save scenario' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		`name: you have already saved a scenario called "${name}": choose another name or delete that one`
	);
	await expect(page.getByRole('link', { name: `Open ${name}` })).toHaveCount(1);

	// a team leader's browser opens exactly it from the link, and offers no delete
	const context = await browser.newContext({ baseURL });
	try {
		const lead = await context.newPage();
		await signIn(lead, 'teamlead@demo.test');
		await lead.goto(link);
		await expect(lead.getByTestId('opened-scenario')).toContainText(name);
		await expect(lead.getByLabel('Target: % within 18 weeks')).toHaveValue('80');
		await expect(lead.getByLabel('Scenario 1 name')).toHaveValue('Two more lists');
		await expect(lead.getByRole('button', { name: `Delete ${name}` })).toHaveCount(0);
	} finally {
		await context.close();
	}

	await page.getByRole('button', { name: `Delete ${name}` }).click();
	await expect(page.getByRole('status').filter({ hasText: `"${name}" is deleted` })).toBeVisible();
	await expect(page.getByRole('link', { name: `Open ${name}` })).toHaveCount(0);
	const gone = await page.goto(link);
	expect(gone?.status()).toBe(404);
	await expect(page.getByText(/No saved scenario \d+: it may have been deleted/)).toBeVisible();
});
