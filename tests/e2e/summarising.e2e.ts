/**
 * The summary editor as a summariser uses it: what they type survives a reload (issue 13).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { signIn, visit } from './session';
import { claimButton, queueRow, rowsFrom } from './summarising';

/**
 * Signs in as a summariser and claims the last awaiting item on the page (not the first, which
 * the records tests claim), answering its id and its editor.
 */
async function claimAnItem(page: Page) {
	await signIn(page, 'summariser3@demo.test');
	await visit(page, '/summarising');
	const row = page.getByTestId('queue').locator('tbody tr').last();
	const id = await row.getAttribute('data-item-id');
	await (await claimButton(row)).click();
	const editor = page.getByTestId(`editor-${id}`);
	await expect(editor).toBeVisible();
	return { id, editor };
}

test('what a summariser types is autosaved, says "Draft saved hh:mm", and is there after a reload', async ({
	page
}) => {
	const { id, editor } = await claimAnItem(page);

	// half-typed entries are kept too: the rules decide on completion, not while typing
	await editor.getByRole('button', { name: 'Add to medications' }).click();
	await editor.getByLabel('SNOMED CT code').fill('3864');
	await editor.getByLabel('Term').fill('Amlodipine');
	await expect(page.getByTestId(`draft-saved-${id}`)).toHaveText(/^Draft saved \d\d:\d\d$/);

	await page.reload();
	await expect(page.locator('html[data-hydrated]')).toBeAttached();
	await expect(editor.getByLabel('SNOMED CT code')).toHaveValue('3864');
	await expect(editor.getByLabel('Term')).toHaveValue('Amlodipine');

	// leaving straight after typing, before the pause that triggers an autosave, loses nothing:
	// the draft is sent as the page is left (waited for here, so the page read next sees it)
	await editor.getByLabel('Term').fill('Amlodipine 5 mg tablets');
	const sent = page.waitForResponse(
		(r) => r.url().endsWith(`/api/summarising/${id}/draft`) && r.request().method() === 'POST'
	);
	await page.getByRole('link', { name: 'Overview' }).first().click();
	expect((await sent).ok()).toBe(true);
	await visit(page, '/summarising');
	await expect(editor.getByLabel('Term')).toHaveValue('Amlodipine 5 mg tablets');
});

test('a summariser finds a SNOMED CT term from the keyboard: "asth", arrow down, Enter fills code and term', async ({
	page
}) => {
	const { id, editor } = await claimAnItem(page);
	await editor.getByRole('button', { name: 'Add to problems' }).click();

	const term = editor.getByRole('combobox', { name: 'Term' });
	await term.pressSequentially('asth');
	await expect(term).toHaveAttribute('aria-expanded', 'true');
	await expect(editor.getByRole('option').first()).toHaveText('Asthma (195967001)');
	await term.press('ArrowDown');
	await expect(editor.getByRole('option', { name: 'Asthma (195967001)' })).toHaveAttribute(
		'aria-selected',
		'true'
	);
	await term.press('Enter');

	await expect(term).toHaveValue('Asthma');
	await expect(term).toHaveAttribute('aria-expanded', 'false');
	await expect(editor.getByLabel('SNOMED CT code')).toHaveValue('195967001');
	// the pick is kept like anything typed
	await expect(page.getByTestId(`draft-saved-${id}`)).toHaveText(/^Draft saved \d\d:\d\d$/);
});

test('a summariser who claims an item reads its letter beside the editor, and scrolls it from the keyboard', async ({
	page
}) => {
	await page.setViewportSize({ width: 1400, height: 500 });
	await signIn(page, 'summariser2@demo.test');
	await visit(page, '/summarising');
	// the second clinic letter on the page: neither the first row (records tests) nor the last
	// (the tests above) is likely to be it
	const row = rowsFrom(page, 'clinic letter').nth(1);
	const id = await row.getAttribute('data-item-id');
	const [surname, given] = (await row.locator('td:nth-child(5)').innerText())
		.split('\n')[0]
		.split(', ');
	await (await claimButton(row)).click();

	const letter = page.getByTestId(`letter-${id}`);
	await expect(letter.getByRole('heading', { level: 3 })).toContainText('outpatient clinic letter');
	const text = letter.getByRole('region', { name: /^Text of the letter: / });
	// the queue shows "SURNAME, Given"; the letter writes "Given Surname"
	const name = `${given} ${surname}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	await expect(text).toContainText(new RegExp(`Re: ${name}, born`, 'i'));
	await expect(text).toContainText(`I saw ${given} in the`);
	await expect(text.getByText('Allergies:')).toBeVisible();

	// wide screen: the letter on the left, the editor beside it
	const editor = page.getByTestId(`editor-${id}`);
	const [l, e] = [await letter.boundingBox(), await editor.boundingBox()];
	expect(l!.x + l!.width).toBeLessThanOrEqual(e!.x);
	// (side by side: they share rows of the screen; the letter is sticky, so not always the top)
	expect(l!.y).toBeLessThan(e!.y + e!.height);
	expect(e!.y).toBeLessThan(l!.y + l!.height);

	// the text scrolls inside its box, reached by Tab and scrolled with the arrow keys
	await text.focus();
	await expect(text).toBeFocused();
	// (its box is at most 70% of the window's height, which no letter fits in this short one)
	expect(await text.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
	await page.keyboard.press('End');
	await expect.poll(() => text.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);

	// narrow screen: the letter above the editor
	await page.setViewportSize({ width: 700, height: 900 });
	const [ln, en] = [await letter.boundingBox(), await editor.boundingBox()];
	expect(ln!.y + ln!.height).toBeLessThanOrEqual(en!.y);
});

test('an item that came with no letter says so where the letter would be', async ({ page }) => {
	await signIn(page, 'summariser2@demo.test');
	await visit(page, '/summarising');
	// paper records from another trust arrive with nothing to read on screen
	const row = rowsFrom(page, 'external records').first();
	const id = await row.getAttribute('data-item-id');
	await (await claimButton(row)).click();
	const letter = page.getByTestId(`letter-${id}`);
	await expect(letter.getByRole('heading', { level: 3 })).toContainText('No letter');
	await expect(letter).toContainText(
		'This item has no letter to read here (it came as external records). Summarise it from the paper records.'
	);
	await expect(letter.getByRole('region')).toHaveCount(0);
	await expect(page.getByTestId(`editor-${id}`)).toBeVisible();
});

test('the queue and the editor name an item by its letter and patient, never by an id', async ({
	page
}) => {
	await signIn(page, 'summariser3@demo.test');
	await visit(page, '/summarising');
	// a clinic letter the tests above do not take (they take the last row, the first external
	// records and the second clinic letter)
	const row = rowsFrom(page, 'clinic letter').nth(2);
	const { id, what, patient } = await queueRow(row);
	expect(what).toMatch(/clinic letter$/);
	expect(what).not.toBe('clinic letter');
	// the id is nowhere a person reads: not in a cell, not in a button's name
	await expect(row.getByRole('cell', { name: id, exact: true })).toHaveCount(0);
	await expect(row.getByRole('button', { name: new RegExp(`\\b${id}\\b`) })).toHaveCount(0);

	await (await claimButton(row)).click();
	const editor = page.getByTestId(`editor-${id}`);
	await expect(editor.getByRole('heading', { level: 3 })).toHaveText(
		`Summary of the ${what} for ${patient}`
	);
	// the editor is named by that heading
	await expect(
		page.getByRole('article', { name: `Summary of the ${what} for ${patient}` })
	).toBeVisible();
});
