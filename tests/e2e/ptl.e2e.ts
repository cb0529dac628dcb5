import type { Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from './test';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { signIn, visit } from './session';
import { isoFromUk } from './dates';

async function rows(page: Page) {
	const table = page.getByTestId('ptl-table');
	await expect(table).toBeVisible();
	return table.locator('tbody tr');
}

test('a coordinator filters the PTL and sees only the right rows, in priority then wait order', async ({
	page
}) => {
	await signIn(page, 'coordinator@demo.test');
	await page.getByRole('link', { name: 'Patient tracking list' }).click();
	await expect(page.getByRole('heading', { name: 'Patient tracking list' })).toBeVisible();
	const allTotal = Number((await page.getByTestId('ptl-total').innerText()).replace(/,/g, ''));
	expect(allTotal).toBeGreaterThan(100);

	await page.getByLabel('Specialty').selectOption({ label: '130 Ophthalmology' });
	await page.getByLabel('List').selectOption('admitted');
	await page.getByLabel('18 weeks').selectOption('past');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(/specialty=130/);

	const filteredTotal = Number((await page.getByTestId('ptl-total').innerText()).replace(/,/g, ''));
	expect(filteredTotal).toBeGreaterThan(0);
	expect(filteredTotal).toBeLessThan(allTotal);

	const body = await rows(page);
	const count = await body.count();
	expect(count).toBe(Math.min(filteredTotal, 50));
	const rank = { P1a: 1, P1b: 2, P2: 3, P3: 4, P4: 5, Missing: 6 } as Record<string, number>;
	let previous = { rank: 0, days: Infinity };
	for (let i = 0; i < count; i++) {
		const cells = body.nth(i).locator('td');
		await expect(cells.nth(2)).toHaveText(/^130 Ophthalmology/);
		await expect(cells.nth(3)).toContainText('admitted');
		const days = Number((await cells.nth(6).innerText()).match(/\((\d+) d\)/)?.[1]);
		expect(days).toBeGreaterThan(126); // past 18 weeks
		const priority = (await cells.nth(4).innerText()).split(/\s/)[0];
		const r = rank[priority];
		// priority first, then longest wait first within a priority
		expect(r).toBeGreaterThanOrEqual(previous.rank);
		if (r === previous.rank) expect(days).toBeLessThanOrEqual(previous.days);
		previous = { rank: r, days };
	}

	// the API answers the same filters with the same total
	const api = await page.request.get('/api/pathways?specialty=130&listType=admitted&rtt=past');
	expect(api.status()).toBe(200);
	expect((await api.json()).total).toBe(filteredTotal);
});

test('NHS numbers are masked until revealed', async ({ page }) => {
	await signIn(page, 'coordinator@demo.test');
	await page.goto('/ptl');
	const first = (await rows(page)).first();
	await expect(first.locator('td').first()).toContainText(/\*\*\* \*\*\* \d{4}/);
	await first.getByRole('button', { name: /Reveal NHS number/ }).click();
	await expect(first.locator('td').first()).toHaveText(/^999 \d{3} \d{4}$/);
});

test('a bad filter gets a clear message, on the page and from the API', async ({ page }) => {
	await signIn(page, 'coordinator@demo.test');
	await page.goto('/ptl?priority=P9');
	await expect(page.getByRole('alert')).toContainText('priority');
	const api = await page.request.get('/api/pathways?colour=red');
	expect(api.status()).toBe(400);
	expect((await api.json()).message).toBe('unknown filter: colour');
});

test('a coordinator exports the whole filtered list, not the page, as files named after it', async ({
	page
}) => {
	await signIn(page, 'coordinator@demo.test');
	await visit(page, '/ptl?specialty=130&rtt=past&page=2');
	const total = Number((await page.getByTestId('ptl-total').innerText()).replace(/,/g, ''));
	expect(total).toBeGreaterThan(50); // more than one page
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: /^Export all [\d,]+ \(CSV\)$/ }).click()
	]);
	expect(file.suggestedFilename()).toMatch(/^ptl-130-past-18-weeks-\d{4}-\d{2}-\d{2}\.csv$/);
	const text = readFileSync((await file.path())!, 'utf8');
	const lines = text.split('\r\n').filter(Boolean);
	expect(lines[0]).toMatch(/^Patient,NHS number \(masked\),Treatment function code,/);
	expect(lines).toHaveLength(total + 1);
	expect(lines.slice(1).every((l) => /^"[A-Z][A-Z' -]*, /.test(l))).toBe(true);

	const [workbookFile] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: /^Export all [\d,]+ \(Excel\)$/ }).click()
	]);
	expect(workbookFile.suggestedFilename()).toMatch(
		/^ptl-130-past-18-weeks-\d{4}-\d{2}-\d{2}\.xlsx$/
	);
	const book = new ExcelJS.Workbook();
	await book.xlsx.readFile((await workbookFile.path())!);
	expect(book.getWorksheet('PTL')!.rowCount).toBe(total + 1);
});

test('the PTL explains its row colours, and marks passed RTT deadlines and overdue validations', async ({
	page
}) => {
	await signIn(page, 'coordinator@demo.test');
	// past 18 weeks: every RTT deadline on this list has passed
	await visit(page, '/ptl?rtt=past&sort=wait&pageSize=500');
	const key = page.getByRole('list', { name: 'Row colours' });
	for (const label of [
		'Over 52 weeks or P-code overdue',
		'Past 18 weeks',
		'Breaches 18 weeks within 4 weeks'
	])
		await expect(key.getByText(label)).toBeVisible();

	const list = await rows(page);
	const first = list.first();
	// the colour is said in words too, for those who cannot see it
	await expect(first.locator('td').nth(1)).toContainText('Over 52 weeks or P-code overdue');
	await expect(first.getByTestId('rtt-deadline')).toContainText('passed');
	await expect(first.getByTestId('rtt-deadline')).toHaveClass(/overdue/);
	// validations due before the census date are marked overdue
	const overdue = list.getByTestId('validation-due').filter({ hasText: 'overdue' });
	expect(await overdue.count()).toBeGreaterThan(0);
	await expect(overdue.first()).toHaveClass(/overdue/);

	// within 18 weeks nothing has passed
	await visit(page, '/ptl?rtt=within');
	const deadlines = (await rows(page)).getByTestId('rtt-deadline');
	await expect(deadlines.first()).toBeVisible();
	expect(await deadlines.filter({ hasText: 'passed' }).count()).toBe(0);
});

test('a coordinator sorts the PTL by a column header, and again for the reverse', async ({
	page
}) => {
	await signIn(page, 'coordinator@demo.test');
	await visit(page, '/ptl?specialty=120');
	const header = page.getByRole('columnheader', { name: 'Validation due' });
	await header.getByRole('link').click();
	await expect(page).toHaveURL(/sort=validation/);
	await expect(header).toHaveAttribute('aria-sort', 'ascending');
	const dates = async () =>
		(await (await rows(page)).getByTestId('validation-due').allInnerTexts())
			.map((t) => t.match(/^\d{2}\/\d{2}\/\d{4}/)?.[0])
			.filter((t) => t !== undefined)
			.map(isoFromUk);
	const up = await dates();
	expect(up.length).toBeGreaterThan(1);
	expect(up).toEqual([...up].sort());

	await header.getByRole('link').click();
	await expect(page).toHaveURL(/dir=desc/);
	await expect(header).toHaveAttribute('aria-sort', 'descending');
	const down = await dates();
	expect(down).toEqual([...down].sort().reverse());
	expect(down[0] >= up[0]).toBe(true);
	// the filters stay, and the sort menu says what the list is sorted by
	await expect(page).toHaveURL(/specialty=120/);
	await expect(page.getByLabel('Sort')).toHaveValue('validation');
});

test('the PTL shows dates day first, and at least 15 rows fit a 1440×900 screen', async ({
	page
}) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, 'coordinator@demo.test');
	await visit(page, '/ptl');
	const list = await rows(page);
	const first = list.first();
	await expect(first.getByTestId('rtt-deadline')).toHaveText(/^\d{2}\/\d{2}\/\d{4}/);
	await expect(page.getByText(/census date \d{2}\/\d{2}\/\d{4}/)).toBeVisible();
	// the exports and the API keep ISO dates
	const api = (await (await page.request.get('/api/pathways?pageSize=25')).json()) as {
		items: { rttDeadline: string }[];
	};
	expect(api.items[0].rttDeadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);

	// issue 12: the spreadsheet showed a screenful; ISO dates wrapping kept the PTL to about five
	const boxes = await list.evaluateAll((trs) =>
		trs.map((tr) => {
			const r = tr.getBoundingClientRect();
			return { top: r.top, bottom: r.bottom };
		})
	);
	const inView = boxes.filter((b) => b.top >= 0 && b.bottom <= 900).length;
	test.info().annotations.push({ type: 'rows in view at 1440×900', description: String(inView) });
	expect(inView).toBeGreaterThanOrEqual(15);
});

test('a coordinator picks how many rows a PTL page holds, kept in the URL with the filters', async ({
	page
}) => {
	await signIn(page, 'coordinator@demo.test');
	await visit(page, '/ptl?specialty=130');
	const total = Number((await page.getByTestId('ptl-total').innerText()).replace(/,/g, ''));
	expect(total).toBeGreaterThan(100);
	const menu = page.getByLabel('Rows per page');
	await expect(menu).toHaveValue('50');
	expect(await menu.locator('option').allInnerTexts()).toEqual(['25', '50', '100', '200', '500']);
	await menu.selectOption('100');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(/pageSize=100/);
	await expect(page).toHaveURL(/specialty=130/);
	await expect(await rows(page)).toHaveCount(Math.min(total, 100));
	await expect(page.getByLabel('Rows per page')).toHaveValue('100');

	// a size not on the menu is refused by the API, naming the field and the sizes it takes
	const api = await page.request.get('/api/pathways?pageSize=30');
	expect(api.status()).toBe(400);
	expect((await api.json()).message).toBe(
		'pageSize: must be one of 25, 50, 100, 200, 500 (not "30")'
	);
	// and the page says so beside the filters, as for any other bad filter
	await visit(page, '/ptl?pageSize=30');
	await expect(page.getByRole('alert')).toContainText(
		'pageSize: must be one of 25, 50, 100, 200, 500'
	);
});

test('a coordinator saves a filtered view, finds it listed, opens it by its link and deletes it', async ({
	page
}) => {
	await signIn(page, 'coordinator@demo.test');
	await visit(page, '/ptl?specialty=130&rtt=past&sort=wait&pageSize=25&page=2');
	const shown = await (
		await rows(page)
	).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-pathway-id')));
	const name = `Ophthalmology past 18 ${Date.now()}`;
	const views = page.locator('details.views');
	await views.locator('summary').click();
	await views.getByLabel('Save this view as').fill(name);
	await views.getByRole('button', { name: 'Save view' }).click();
	await expect(views.getByRole('status')).toHaveText(`"${name}" is saved`);

	// listed as the PTL's own link (filters, sort and page size; not the page), marked as shown
	const link = views.getByRole('link', { name });
	await expect(link).toHaveAttribute('href', '/ptl?specialty=130&rtt=past&sort=wait&pageSize=25');
	// the same name again is refused by name, and the list still holds it once
	await views.getByLabel('Save this view as').fill(name);
	await views.getByRole('button', { name: 'Save view' }).click();
	await expect(views.getByRole('alert')).toHaveText(
		`name: you have already saved a view called "${name}": choose another name or delete that one`
	);
	await expect(views.getByRole('link', { name })).toHaveCount(1);

	// opened from the list: the same rows (from the first page), the same sort and page size
	await visit(page, '/ptl');
	await page.locator('details.views summary').click();
	await page.locator('details.views').getByRole('link', { name }).click();
	await expect(page).toHaveURL(/\/ptl\?specialty=130&rtt=past&sort=wait&pageSize=25$/);
	await expect(page.getByLabel('Sort')).toHaveValue('wait');
	await expect(page.getByLabel('Rows per page')).toHaveValue('25');
	// choosing a view folds the panel away; opened again, it marks the view shown
	await page.locator('details.views summary').click();
	await expect(page.locator('details.views').getByRole('link', { name })).toHaveAttribute(
		'aria-current',
		'page'
	);
	await page.locator('details.views summary').click();
	await page.getByRole('button', { name: 'Next →' }).click();
	await expect(page).toHaveURL(/page=2/);
	expect(
		await (
			await rows(page)
		).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-pathway-id')))
	).toEqual(shown);

	// the saved views meet WCAG 2.2 AA when open (the accessibility e2e sees them closed)
	await page.locator('details.views summary').click();
	const { violations } = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.include('details.views')
		.analyze();
	expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

	await page
		.locator('details.views')
		.getByRole('button', { name: `Delete ${name}` })
		.click();
	await expect(page.locator('details.views').getByRole('status')).toHaveText(
		`"${name}" is deleted`
	);
	await expect(page.locator('details.views').getByRole('link', { name })).toHaveCount(0);
});
