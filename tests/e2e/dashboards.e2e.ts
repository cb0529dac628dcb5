import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { boardFor, compatiblePair, move, openBoard, personOn } from './boards';
import { signIn } from './session';

/** The number a tile shows, e.g. 1,234 → 1234. */
async function tileFigure(page: Page, label: string): Promise<number> {
	const text = await page.locator(`[data-tile="${label}"] .figure`).innerText();
	return Number(text.replaceAll(',', ''));
}

test('a manager sees the breach-risk dashboard, with tables, exports and no patient lists', async ({
	page
}) => {
	await signIn(page, 'manager@demo.test');
	await page.getByRole('link', { name: 'Breach risk' }).click();
	await expect(page.getByRole('heading', { name: 'Breach risk' })).toBeVisible();
	expect(await tileFigure(page, 'Waiting')).toBeGreaterThan(100);
	await expect(page.locator('[data-tile="Within 18 weeks"]')).toContainText(
		/Standard 92%: (below|met)/
	);

	const distribution = page.locator('[data-chart="breach-distribution"]');
	await expect(distribution.locator('svg').first()).toBeVisible();
	// the text alternative holds the same figures as the chart
	await distribution.getByText('Table of figures').click();
	await expect(distribution.getByRole('row', { name: /17–18 weeks/ })).toBeVisible();
	const bandTotal = await distribution
		.locator('tbody tr td:nth-child(2)')
		.allInnerTexts()
		.then((cells) => cells.reduce((t, c) => t + Number(c), 0));
	expect(bandTotal).toBe(await tileFigure(page, 'Waiting'));

	// exports: the data as CSV, the chart as SVG and PNG
	const csv = page.waitForEvent('download');
	await distribution.getByRole('button', { name: 'CSV' }).click();
	const csvFile = await csv;
	// named by what it holds and the date of its figures
	const { census } = (await (await page.request.get('/api/dashboards/breach-risk')).json()) as {
		census: string;
	};
	expect(csvFile.suggestedFilename()).toBe(`weeks-waited-${census}.csv`);
	const csvText = await readFile((await csvFile.path()) as string, 'utf8');
	expect(csvText.split('\r\n')[0]).toBe('Week band,Patients');
	const svg = page.waitForEvent('download');
	await distribution.getByRole('button', { name: 'SVG' }).click();
	const svgFile = await svg;
	expect(svgFile.suggestedFilename()).toBe(`weeks-waited-${census}.svg`);
	const svgText = await readFile((await svgFile.path()) as string, 'utf8');
	expect(svgText).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
	const png = page.waitForEvent('download');
	await distribution.getByRole('button', { name: 'PNG' }).click();
	const pngBytes = await readFile((await (await png).path()) as string);
	expect([...pngBytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');

	// attendance: each past week's appointments by how they ended, the DNA rate beside them, and
	// cancellations by who and why; the table adds up to the API's figures
	const { attendance } = (await (await page.request.get('/api/dashboards/breach-risk')).json()) as {
		attendance: {
			weeks: { attended: number; notSeen: number; cancelledByPatient: number }[];
			reasons: { label: string; count: number }[];
		};
	};
	const attended = page.locator('[data-chart="breach-attendance"]');
	await expect(attended.locator('svg').first()).toBeVisible();
	await attended.getByText('Table of figures').click();
	await expect(attended.getByRole('columnheader', { name: 'DNA rate' })).toBeVisible();
	const attendedTotal = await attended
		.locator('tbody tr td:nth-child(2)')
		.allInnerTexts()
		.then((cells) => cells.reduce((t, c) => t + Number(c.replaceAll(',', '')), 0));
	expect(attendedTotal).toBe(attendance.weeks.reduce((t, w) => t + w.attended, 0));
	expect(attendedTotal).toBeGreaterThan(0);
	expect(attendance.weeks.some((w) => w.notSeen > 0 && w.cancelledByPatient > 0)).toBe(true);
	const reasons = page.locator('[data-chart="breach-cancellations"]');
	await reasons.getByText('Table of figures').click();
	await expect(
		reasons.getByRole('row', { name: new RegExp(attendance.reasons[0].label) })
	).toBeVisible();

	// managers see figures only: no links to the patients behind them
	await expect(page.getByRole('link', { name: /^Patients/ })).toHaveCount(0);
	const refused = await page.request.get('/api/pathways?over=52');
	expect(refused.status()).toBe(403);

	// filters narrow the figures and a bad one is refused with its reason
	await page.getByRole('combobox', { name: 'Specialty' }).selectOption('502');
	await expect(page).toHaveURL(/specialty=502/);
	await expect(page.locator('[data-chart="breach-specialties"]')).toContainText('Gynaecology');
	const bad = await page.request.get('/api/dashboards/breach-risk?specialty=ENT');
	expect(bad.status()).toBe(400);
	expect(((await bad.json()) as { message: string }).message).toMatch(
		/^specialty: treatment function codes/
	);

	await page.getByRole('link', { name: 'Print view for the PTL meeting' }).click();
	await expect(
		page.getByRole('heading', { name: 'Breach risk: weekly PTL meeting' })
	).toBeVisible();
	await expect(page.getByText(/Gynaecology · both lists · all sites/)).toBeVisible();
});

test('placing and booking on a board change the tiles for a manager watching, without a reload', async ({
	browser
}) => {
	const manager = await personOn(browser, 'manager@demo.test');
	await manager.goto('/dashboards/breach-risk?specialty=502');
	await expect(manager.getByText('live', { exact: true })).toBeVisible();
	const unbooked = await tileFigure(manager, 'Not yet booked');
	const planned = await tileFigure(manager, 'Planned on boards');
	const updatedBefore = await manager.getByTestId('updated').getAttribute('datetime');
	// a marker that disappears on reload: the figures must change in this same document
	await manager.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

	const coordinator = await personOn(browser, 'coordinator@demo.test');
	const board = await boardFor(coordinator.request, '502');
	const { pathway, session } = compatiblePair(board);
	await openBoard(coordinator, board.id);
	await move(coordinator, pathway, session);
	// placed but not booked: the plan shows at once
	await expect
		.poll(() => tileFigure(manager, 'Planned on boards'), { timeout: 5_000 })
		.toBe(planned + 1);
	expect(await tileFigure(manager, 'Not yet booked')).toBe(unbooked);

	await coordinator.getByRole('button', { name: 'Confirm 1 allocation' }).click();
	await coordinator.getByRole('dialog').getByRole('button', { name: 'Book them' }).click();
	await expect(coordinator.getByTestId('confirm-result')).toHaveText(/^Booked 1 patient\./);

	await expect
		.poll(() => tileFigure(manager, 'Not yet booked'), { timeout: 5_000 })
		.toBe(unbooked - 1);
	await expect
		.poll(() => tileFigure(manager, 'Planned on boards'), { timeout: 5_000 })
		.toBe(planned);
	expect(await manager.getByTestId('updated').getAttribute('datetime')).not.toBe(updatedBefore);
	expect(await manager.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(
		true
	);
});

test('a coordinator drills down from a figure to exactly the patients behind it', async ({
	page
}) => {
	await signIn(page, 'coordinator@demo.test');
	// Other tests running beside this one take patients off the list (validation), so the figure
	// and the list are compared as a pair, again until they were read with no change in between:
	// a drill-down that disagrees with its figure fails every time.
	await expect(async () => {
		await page.goto('/dashboards/breach-risk');
		const over52 = await tileFigure(page, 'Over 52 weeks');
		expect(over52).toBeGreaterThan(0);
		await page
			.locator('[data-tile="Over 52 weeks"]')
			.getByRole('link', { name: /^Patients/ })
			.click();
		await expect(page).toHaveURL(/\/ptl\?.*over=52/);
		await expect(page.getByTestId('ptl-total')).toHaveText(over52.toLocaleString('en-GB'), {
			timeout: 2_000
		});
	}).toPass({ timeout: 20_000 });
	await expect(page.getByTestId('drill')).toContainText('waits over 52 weeks');
	// the drill-down holds while the coordinator narrows it with the PTL's own filters
	await page.getByRole('combobox', { name: 'Priority' }).selectOption('P4');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(/over=52/);
	await expect(page).toHaveURL(/priority=P4/);
	await page.goBack();

	// a bar of the distribution, reached by keyboard through the chart's table (compared as a
	// pair, as above)
	await expect(async () => {
		await page.goto('/dashboards/breach-risk');
		const distribution = page.locator('[data-chart="breach-distribution"]');
		await distribution.getByText('Table of figures').click();
		const row = distribution.getByRole('row', { name: /17–18 weeks/ });
		const count = Number(await row.locator('td').nth(1).innerText());
		await row.getByRole('link', { name: 'Patients' }).focus();
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/weeks=18/);
		await expect(page.getByTestId('ptl-total')).toHaveText(count.toLocaleString('en-GB'), {
			timeout: 2_000
		});
	}).toPass({ timeout: 20_000 });
});
