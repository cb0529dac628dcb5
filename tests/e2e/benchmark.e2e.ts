import { expect, test } from './test';
import { signIn } from './session';

// Issue 14: the trust's figures beside England's and chosen peers', from NHS England's monthly
// file (the demo ships synthetic months), and its own list recomputed by the same definitions.

test('a manager compares the trust with England and a peer, and sees its own list agree', async ({
	page
}) => {
	await signIn(page, 'manager@demo.test');
	await page.goto('/dashboards/breach-risk');
	await page.getByRole('link', { name: 'Compare with England' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('National benchmark');
	const table = page.getByRole('table');
	await expect(table.getByRole('columnheader', { name: /^England/ })).toBeVisible();
	await expect(table.getByRole('columnheader', { name: /This trust in Waitwise/ })).toBeVisible();

	await page.getByLabel("Your trust's code").fill('zz1');
	await page.getByLabel('Peer trusts (codes, comma-separated)').fill('ZZ3, ZZ9');
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(page).toHaveURL(/trust=zz1&peers=ZZ3%2C\+ZZ9/);
	await expect(table.getByRole('columnheader')).toHaveText([
		'Measure',
		/^England/,
		/^WAITWISE DEMO NHS TRUST.*ZZ1, published/,
		/^This trust in Waitwise/,
		/^EASTMERE UNIVERSITY HOSPITALS NHS TRUST.*ZZ3, peer/
	]);
	await expect(page.getByRole('status')).toHaveText(/Not in the .* file: ZZ9\./);
	await expect(page.getByText(/The published list and the list in Waitwise agree/)).toBeVisible();

	// one specialty: the published and recomputed columns still agree, and differ from the total
	const waiting = table.getByRole('row', { name: /^Waiting \(incomplete pathways\)/ });
	const allWaiting = await waiting.getByRole('cell').nth(2).innerText();
	await page.getByLabel('Specialty').selectOption({ label: 'Trauma and Orthopaedic' });
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(table.locator('caption')).toContainText('Trauma and Orthopaedic');
	const cells = waiting.getByRole('cell');
	await expect(cells.nth(2)).not.toHaveText(allWaiting);
	await expect(cells.nth(1)).toHaveText(await cells.nth(2).innerText());
});

test('a bad code in the link is refused by name', async ({ page }) => {
	await signIn(page, 'manager@demo.test');
	const answer = await page.goto('/dashboards/benchmark?peers=ZZ2,not-a-code');
	expect(answer?.status()).toBe(400);
	await expect(
		page.getByText('peers: an organisation code such as RXX or R0A, not "NOT-A-CODE"')
	).toBeVisible();
});
