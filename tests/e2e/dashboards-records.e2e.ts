import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { personOn } from './boards';
import { visit } from './session';

/** A tile's headline figure. */
const tile = (page: Page, id: string) => page.getByTestId(`tile-${id}`).locator('strong');
const tileDetail = (page: Page, id: string) => page.getByTestId(`tile-${id}`).locator('span');

test('a records manager watches the dashboard change live as records staff file returned notes', async ({
	browser
}) => {
	const manager = await personOn(browser, 'manager@demo.test');
	// records3: no other end-to-end test works as this assistant
	const records = await personOn(browser, 'records3@demo.test');

	await manager.getByRole('link', { name: 'Records dashboard' }).click();
	await expect(manager.getByRole('heading', { name: 'Records dashboard', level: 1 })).toBeVisible();
	for (const title of [
		'Availability at clinic by week',
		'Delivered within SLA, by urgency',
		'Outstanding requests by age and location',
		'Summaries completed per summariser per week'
	]) {
		const chart = manager.getByRole('figure', { name: title });
		await expect(chart.locator('svg').first()).toBeVisible();
		// every chart has its figures as a table, and its exports
		await expect(chart.getByText('Table of figures')).toBeVisible();
		await expect(chart.getByRole('button', { name: 'CSV' })).toBeVisible();
	}
	const download = manager.waitForEvent('download');
	await manager
		.getByRole('figure', { name: 'Outstanding requests by age and location' })
		.getByRole('button', { name: 'CSV' })
		.click();
	const { today } = (await (await manager.request.get('/api/dashboards/records')).json()) as {
		today: string;
	};
	expect((await download).suggestedFilename()).toBe(
		`outstanding-requests-by-age-and-location-${today}.csv`
	);

	const outstanding = Number(await tile(manager, 'outstanding').innerText());
	const awaiting = Number(
		/^(\d+) awaiting filing/.exec(await tileDetail(manager, 'filing').innerText())![1]
	);
	const updatedAt = await manager
		.getByTestId('updated-at')
		.locator('time')
		.getAttribute('datetime');
	// a reload would lose this
	await manager.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

	// the records assistant files the first returned notes on the list
	await records.goto('/records');
	const toFile = records.getByRole('table', { name: 'Returned notes to file' });
	const row = toFile.locator('tr[data-request-id]').first();
	const id = await row.getAttribute('data-request-id');
	const { volumeBarcode, patient } = (await (
		await records.request.get(`/api/records/requests/${id}`)
	).json()) as { volumeBarcode: string | null; patient: string };
	const known = `request for ${volumeBarcode ? `volume ${volumeBarcode}` : `${patient}'s notes`}`;
	await row.getByRole('button', { name: `Filed: ${known}` }).click();
	await expect(
		records.getByRole('status').filter({ hasText: `The ${known} is now 'filed'` })
	).toBeVisible();

	// no reload: the figures arrive over socket.io within a couple of seconds
	await expect(tile(manager, 'outstanding')).toHaveText(String(outstanding - 1), {
		timeout: 5_000
	});
	await expect(tileDetail(manager, 'filing')).toContainText(`${awaiting - 1} awaiting filing`);
	await expect(manager.getByTestId('updated-at').locator('time')).not.toHaveAttribute(
		'datetime',
		updatedAt!
	);
	expect(
		await manager.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)
	).toBe(true);

	// the API gives the same figures, refuses bad filters naming the field, and other roles
	const api = await manager.request.get('/api/dashboards/records?weeks=12');
	expect(api.status()).toBe(200);
	expect((await api.json()).outstanding.total).toBe(outstanding - 1);
	const bad = await manager.request.get('/api/dashboards/records?weeks=99');
	expect(bad.status()).toBe(400);
	expect((await bad.json()).message).toMatch(/^weeks: /);
	const unknown = await manager.request.get('/api/dashboards/records?patient=1');
	expect((await unknown.json()).message).toBe('unknown field: patient');
	const coordinator = await personOn(browser, 'coordinator@demo.test');
	expect((await coordinator.request.get('/api/dashboards/records')).status()).toBe(403);
});

test('the filters narrow the dashboard to a site and a period', async ({ browser }) => {
	const records = await personOn(browser, 'records3@demo.test');
	// Hydrating sets the select to the page's own filter: a choice made before then is undone.
	await visit(records, '/dashboards/records');
	const site = records.getByLabel('Site');
	await site.focus();
	await site.selectOption({ index: 1 });
	const siteName = (await site.locator('option:checked').innerText()).replace(/ \(\w+\)$/, '');
	await records.getByLabel('Weeks').fill('4');
	await records.getByLabel('Weeks').press('Enter');
	await expect(records).toHaveURL(/siteId=\d+&weeks=4/);
	await expect(records.locator('.lede')).toContainText(`for ${siteName}, over the 4 weeks`);
	await expect(
		records.getByRole('figure', { name: 'Availability at clinic by week' }).locator('tbody tr')
	).toHaveCount(4);
});
