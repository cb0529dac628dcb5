/** The summarising queue as the end-to-end tests read it. */
import type { Locator, Page } from '@playwright/test';

/** A queue row's cells, by column (Letter, Received, Age, Source, Patient, Claim). */
export async function queueRow(row: Locator) {
	const cell = (n: number) => row.locator(`td:nth-child(${n})`).innerText();
	const letter = await cell(1);
	const source = await cell(4);
	return {
		id: (await row.getAttribute('data-item-id'))!,
		/** What the item is: its letter's title, or where it came from when it has no letter. */
		what: letter === 'No letter' ? source : letter,
		received: await cell(2),
		/** "SURNAME, Given" (the NHS number, masked, is under it). */
		patient: (await cell(5)).split('\n')[0]
	};
}

/**
 * A row's Claim button, found by the whole name it must have: the item as a summariser knows it
 * (letter and patient) and when it arrived, so that two items of one patient are told apart.
 */
export async function claimButton(row: Locator): Promise<Locator> {
	const { what, patient, received } = await queueRow(row);
	return row.getByRole('button', {
		name: `Claim the ${what} for ${patient}, received ${received}`,
		exact: true
	});
}

/** The queue's rows of items from one source ("clinic letter", "external records"), in order. */
export const rowsFrom = (page: Page, source: string): Locator =>
	page
		.getByTestId('queue')
		.locator('tbody tr')
		.filter({ has: page.locator('td:nth-child(4)', { hasText: new RegExp(`^${source}$`) }) });
