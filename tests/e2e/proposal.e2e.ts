import { expect, test } from './test';
import { boardFor, bothOnBoard, openBoard, personOn, showWeekOf } from './boards';
import { isoFromUk } from './dates';

test('propose a plan, accept part of it as one change everyone sees, undo it in one step', async ({
	browser
}) => {
	const [alice, bob] = await bothOnBoard(
		browser,
		['coordinator@demo.test', 'coordinator2@demo.test'],
		'330'
	);

	await alice.getByRole('button', { name: 'Propose plan' }).click();
	await expect(alice.getByLabel('Optimiser progress')).toBeVisible();
	const proposal = alice.getByTestId('proposal');
	await expect(proposal).toBeVisible({ timeout: 45_000 });
	await expect(proposal.getByRole('heading', { name: /Proposed plan: \d+ moves?/ })).toBeVisible();
	await expect(
		proposal.getByRole('row', { name: /Waiting over 18 weeks when seen/ })
	).toBeVisible();

	const moves = proposal.locator('[data-testid^="move-"]');
	const total = await moves.count();
	expect(total).toBeGreaterThan(1);
	// every move says why
	for (let i = 0; i < Math.min(total, 5); i++) {
		await expect(moves.nth(i).locator('td').last()).toHaveText(
			/booked \d{2}\/\d{2}\/\d{4}|not booked|kept on/
		);
	}
	// leave the first move out, take the rest
	const idOf = async (i: number) =>
		Number((await moves.nth(i).getAttribute('data-testid'))!.replace('move-', ''));
	const skipped = await idOf(0);
	const taken = await idOf(1);
	// the To column names the session as the board does: "Tue 22/12/2026 13:30 clinic (Ms Iqbal)"
	const isoDateIn = async (i: number) =>
		isoFromUk(/\d{2}\/\d{2}\/\d{4}/.exec(await moves.nth(i).locator('td').nth(3).innerText())![0]);
	const takenDate = await isoDateIn(1);
	const skippedDate = await isoDateIn(0);

	// part of a plan at once: one week's moves, then back to all of them
	const byGroup = proposal.getByLabel('Select by');
	const weekOption = byGroup.locator('optgroup[label="Week"] option').first();
	const [, weekMoves] = /\((\d+) moves?\)/.exec((await weekOption.textContent()) ?? '')!;
	await byGroup.selectOption((await weekOption.getAttribute('value'))!);
	await proposal.getByRole('button', { name: 'Select only these' }).click();
	await expect(proposal.getByRole('button', { name: /^Accept \d+ moves?$/ })).toHaveText(
		new RegExp(`^Accept ${weekMoves} moves?$`)
	);
	await proposal.getByRole('button', { name: 'Select all' }).click();
	await moves.first().getByRole('checkbox').uncheck();
	await proposal.getByRole('button', { name: `Accept ${total - 1} moves` }).click();
	await expect(proposal).toHaveCount(0);

	// an accepted move shows on Bob's screen at once; the one left out does not
	await showWeekOf(bob, takenDate);
	await expect(bob.getByTestId(`chip-${taken}`)).toBeVisible();
	await showWeekOf(alice, skippedDate);
	await expect(alice.getByTestId(`chip-${skipped}`)).toHaveCount(0);
	await expect(alice.getByRole('button', { name: /^Confirm \d+ allocations?/ })).toHaveText(
		new RegExp(`Confirm ${total - 1} allocation`)
	);

	// the whole accepted plan is one undoable change
	await alice.getByRole('button', { name: 'Undo' }).click();
	await expect(bob.getByTestId(`chip-${taken}`)).toHaveCount(0);
	await expect(alice.getByRole('button', { name: /^Confirm 0 allocations/ })).toBeVisible();
});

test('accept the moves for one procedure with the keyboard, as one change undone in one step', async ({
	browser
}) => {
	const alice = await personOn(browser, 'coordinator@demo.test');
	const board = await boardFor(alice.request, '330');
	await openBoard(alice, board.id);
	await expect(alice.getByRole('button', { name: /^Confirm 0 allocations/ })).toBeVisible();

	await alice.getByRole('button', { name: 'Propose plan' }).click();
	const proposal = alice.getByTestId('proposal');
	await expect(proposal).toBeVisible({ timeout: 45_000 });
	const moves = proposal.locator('[data-testid^="move-"]');
	const total = await moves.count();

	// a patient group by the name a coordinator knows it by: what the patients are waiting for
	const byGroup = proposal.getByLabel('Select by');
	const groupOption = byGroup
		.locator('optgroup[label="Procedure"] option')
		.filter({ hasNotText: /^No procedure/ })
		.first();
	await expect(groupOption).toBeAttached();
	const [, procedure, count] = /^(.+) \((\d+) moves?\)$/.exec(
		(await groupOption.textContent())!.trim()
	)!;
	const inGroup = Number(count);
	expect(inGroup).toBeLessThan(total);
	await byGroup.focus();
	await byGroup.selectOption((await groupOption.getAttribute('value'))!);
	await alice.keyboard.press('Tab');
	const only = proposal.getByRole('button', { name: 'Select only these' });
	await expect(only).toBeFocused();
	await alice.keyboard.press('Enter');

	// exactly that group's moves are taken, and each of them is for that procedure
	const taken = moves.filter({ has: alice.getByRole('checkbox', { checked: true }) });
	await expect(taken).toHaveCount(inGroup);
	await expect(taken.filter({ hasNotText: procedure })).toHaveCount(0);
	await expect(moves.filter({ has: alice.getByRole('checkbox', { checked: false }) })).toHaveCount(
		total - inGroup
	);
	const one = Number((await taken.first().getAttribute('data-testid'))!.replace('move-', ''));
	const oneDate = isoFromUk(
		/\d{2}\/\d{2}\/\d{4}/.exec(await taken.first().locator('td').nth(3).innerText())![0]
	);

	await proposal
		.getByRole('button', { name: new RegExp(`^Accept ${inGroup} moves?$`) })
		.press('Enter');
	await expect(proposal).toHaveCount(0);
	await expect(alice.getByRole('button', { name: /^Confirm \d+ allocations?/ })).toHaveText(
		new RegExp(`Confirm ${inGroup} allocation`)
	);
	await showWeekOf(alice, oneDate);
	await expect(alice.getByTestId(`chip-${one}`)).toBeVisible();

	// the group's moves were one change: one undo takes them all back
	await alice.locator('body').press('Control+z');
	await expect(alice.getByRole('button', { name: /^Confirm 0 allocations/ })).toBeVisible();
	await expect(alice.getByTestId(`chip-${one}`)).toHaveCount(0);
	await alice.context().close();
});
