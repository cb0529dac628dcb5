/**
 * Telling patients apart (issue 12), as a coordinator does it: several patients of one surname
 * on the PTL, each shown with date of birth, age and hospital number; the patient page opened
 * from a row; the one patient found again by hospital number and by date of birth.
 */
import { expect, test } from './test';
import { signIn, visit } from './session';

const UK_DATE = /\d{2}\/\d{2}\/\d{4}/;

test('a coordinator tells patients of one surname apart and opens one’s page from the PTL', async ({
	page
}) => {
	await signIn(page, 'coordinator@demo.test');
	await visit(page, '/ptl?q=SIMPSON');
	const rows = page.getByTestId('ptl-table').locator('tbody tr');
	await expect(rows.first()).toBeVisible();
	expect(await rows.count()).toBeGreaterThan(1);

	// every row says who it is without revealing an NHS number
	const identities = await page.getByTestId('identity').allInnerTexts();
	for (const text of identities) expect(text).toMatch(/^\d{2}\/\d{2}\/\d{4} \(\d+ y\) · H\d{7}$/);

	const first = rows.first();
	const name = await first.getByRole('link').first().innerText();
	const identity = await first.getByTestId('identity').innerText();
	const [, dob, hospitalNumber] = /^(\S+) \(\d+ y\) · (\S+)$/.exec(identity)!;
	await first.getByRole('link', { name }).click();

	await expect(page).toHaveURL(/\/patients\/\d+$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
	const demographics = page.getByTestId('demographics');
	await expect(demographics).toContainText(dob);
	await expect(demographics).toContainText(hospitalNumber);
	await expect(demographics).toContainText(/\*\*\* \*\*\* \d{4}/);
	const pathway = page.getByTestId('pathway').first();
	await expect(pathway).toBeVisible();
	await expect(pathway.getByRole('cell', { name: 'Clock started' })).toBeVisible();
	await expect(pathway.getByRole('cell').first()).toHaveText(UK_DATE);

	// the same patient, found by the hospital number alone and by date of birth as typed
	await visit(page, `/ptl?q=${hospitalNumber}`);
	for (const text of await page.getByTestId('identity').allInnerTexts())
		expect(text).toContain(hospitalNumber);
	await visit(page, `/ptl?q=${encodeURIComponent(dob)}`);
	await expect(page.getByTestId('ptl-table').getByRole('link', { name })).not.toHaveCount(0);
	for (const text of await page.getByTestId('identity').allInnerTexts())
		expect(text.startsWith(dob)).toBe(true);
});

test('a service manager cannot open a patient page', async ({ page }) => {
	await signIn(page, 'manager@demo.test');
	const res = await page.goto('/patients/1');
	expect(res?.status()).toBe(403);
});
