/**
 * The summary editor as a summariser uses it: what they type survives a reload (issue 13).
 */
import { expect, test } from '@playwright/test';
import { signIn, visit } from './session';

test('what a summariser types is autosaved, says "Draft saved hh:mm", and is there after a reload', async ({
	page
}) => {
	await signIn(page, 'summariser3@demo.test');
	await visit(page, '/summarising');
	// the last awaiting item on the page, so the records tests' first-item claim is not disturbed
	const row = page.getByTestId('queue').locator('tbody tr').last();
	const id = await row.getAttribute('data-item-id');
	await row.getByRole('button', { name: `Claim item ${id}` }).click();
	const editor = page.getByTestId(`editor-${id}`);
	await expect(editor).toBeVisible();

	// half-typed entries are kept too: the rules decide on completion, not while typing
	await editor.getByRole('button', { name: 'Add to medications' }).click();
	await editor.getByLabel('SNOMED CT code').fill('3864');
	await editor.getByLabel('Term').fill('Amlodipine');
	await expect(page.getByTestId(`draft-saved-${id}`)).toHaveText(/^Draft saved \d\d:\d\d$/);

	await page.reload();
	await expect(page.locator('html[data-hydrated]')).toBeAttached();
	await expect(editor.getByLabel('SNOMED CT code')).toHaveValue('3864');
	await expect(editor.getByLabel('Term')).toHaveValue('Amlodipine');

	// leaving straight after typing, before the pause that triggers an autosave, loses nothing
	await editor.getByLabel('Term').fill('Amlodipine 5 mg tablets');
	await page.reload();
	await expect(page.locator('html[data-hydrated]')).toBeAttached();
	await expect(editor.getByLabel('Term')).toHaveValue('Amlodipine 5 mg tablets');
});
