import { expect, test } from './test';
import {
	boardFor,
	bothOnBoard,
	compatiblePair,
	mondayOf,
	move,
	networkSwitch,
	openBoard,
	personOn,
	showWeekOf,
	usedOutside
} from './boards';
import { ukDate } from '../../src/lib/format/date';
import { signIn } from './session';

// Each test plans a different specialty's board, so tests never see each other's moves.

test('a move by one coordinator appears on the other screen at once', async ({ browser }) => {
	const [alice, bob, board] = await bothOnBoard(
		browser,
		['coordinator@demo.test', 'coordinator2@demo.test'],
		'130'
	);
	await expect(bob.getByTestId('presence')).toContainText(['Casey Coordinator']);

	const { pathway, session } = compatiblePair(board);
	await move(alice, pathway, session);
	await showWeekOf(bob, session.date);
	await expect(
		bob.getByTestId(`session-${session.id}`).getByTestId(`chip-${pathway.id}`)
	).toBeVisible();
	await expect(bob.getByTestId(`minutes-${session.id}`)).toHaveText(
		`${usedOutside(board, session.id) + pathway.minutes} of ${session.minutes} min`
	);

	// Bob un-allocates; Alice sees it go, and Alice's undo is hers alone
	await bob.getByRole('button', { name: `Un-allocate ${pathway.name}` }).click();
	await expect(alice.getByTestId(`chip-${pathway.id}`)).toHaveCount(0);
});

test("the waiting list names each patient's consultant, the board's hard rule for a session", async ({
	page
}) => {
	await signIn(page, 'coordinator@demo.test');
	const board = await boardFor(page.request, '130');
	const pathway = board.pathways.find((p) => p.clinicianId !== null && p.bookedSessionId === null);
	const consultant = board.clinicians.find((c) => c.id === pathway?.clinicianId);
	if (!pathway || !consultant) throw new Error('the demo board has a patient with a consultant');
	await openBoard(page, board.id);
	await page.getByRole('searchbox', { name: 'Search the waiting list' }).fill(pathway.name);
	await expect(page.getByTestId(`patient-${pathway.id}`)).toContainText(consultant.name);
});

test('a concurrent move of the same patient ends as one allocation on both screens, with a conflict naming both', async ({
	browser
}) => {
	const alice = await personOn(browser, 'coordinator@demo.test');
	const bob = await personOn(browser, 'coordinator2@demo.test');
	const board = await boardFor(alice.request, '110');
	const bobsNetwork = await networkSwitch(bob);
	await openBoard(alice, board.id);
	await openBoard(bob, board.id);

	const first = compatiblePair(board);
	// another session in the same week, so both screens show both
	const second = board.sessions.find(
		(s) => s.id !== first.session.id && mondayOf(s.date) === mondayOf(first.session.date)
	)!;
	await bobsNetwork.offline();
	await move(bob, first.pathway, second);
	await move(alice, first.pathway, first.session);
	await bobsNetwork.online();

	for (const page of [alice, bob]) {
		const conflict = page.getByTestId('conflict').filter({ hasText: 'at the same time' });
		await expect(conflict).toContainText('Casey Coordinator');
		await expect(conflict).toContainText('Jordan Pike');
	}
	// exactly one chip for the patient on each screen, in the same session
	await expect(alice.getByTestId(`chip-${first.pathway.id}`)).toHaveCount(1);
	await expect(bob.getByTestId(`chip-${first.pathway.id}`)).toHaveCount(1);
	const aliceSession = await alice
		.getByTestId(`chip-${first.pathway.id}`)
		.locator('xpath=ancestor::*[starts-with(@data-testid, "session-")]')
		.getAttribute('data-testid');
	const bobSession = await bob
		.getByTestId(`chip-${first.pathway.id}`)
		.locator('xpath=ancestor::*[starts-with(@data-testid, "session-")]')
		.getAttribute('data-testid');
	expect(aliceSession).toBe(bobSession);

	// acknowledging clears it for both
	await alice
		.getByTestId('conflict')
		.filter({ hasText: 'at the same time' })
		.getByRole('button', { name: 'Acknowledge' })
		.click();
	await expect(bob.getByTestId('conflict').filter({ hasText: 'at the same time' })).toHaveCount(0);
});

test('over-filling a session shows a conflict to both coordinators', async ({ browser }) => {
	const [alice, bob, board] = await bothOnBoard(
		browser,
		['coordinator@demo.test', 'coordinator2@demo.test'],
		'120'
	);
	const { session } = compatiblePair(board);
	await showWeekOf(bob, session.date);
	// keep adding unbooked patients until the session's minutes are exceeded
	let used = usedOutside(board, session.id);
	const placed = new Set<number>();
	for (const p of board.pathways.filter((p) => p.bookedSessionId === null)) {
		if (used > session.minutes) break;
		await move(alice, p, session);
		await expect(alice.getByTestId(`chip-${p.id}`)).toBeVisible();
		placed.add(p.id);
		used += p.minutes;
	}
	for (const page of [alice, bob]) {
		await expect(page.getByTestId('conflict').filter({ hasText: 'is over-filled' })).toContainText(
			`${used} of ${session.minutes} minutes`
		);
		await expect(page.getByTestId(`session-${session.id}`)).toContainText('conflict');
	}
	// Alice undoes her last placement: the conflict clears for Bob too
	await alice.getByRole('button', { name: 'Undo' }).click();
	await expect(bob.getByTestId('conflict').filter({ hasText: 'is over-filled' })).toHaveCount(0);
});

test('an edit made offline merges on reconnect', async ({ browser }) => {
	const alice = await personOn(browser, 'coordinator@demo.test');
	const bob = await personOn(browser, 'coordinator2@demo.test');
	const board = await boardFor(alice.request, '101');
	const network = await networkSwitch(bob);
	await openBoard(alice, board.id);
	await openBoard(bob, board.id);

	await network.offline();
	const offlineMove = compatiblePair(board);
	await move(bob, offlineMove.pathway, offlineMove.session);
	const onlineMove = compatiblePair(board, new Set([offlineMove.pathway.id]));
	await move(alice, onlineMove.pathway, onlineMove.session);
	await showWeekOf(alice, offlineMove.session.date);
	await expect(alice.getByTestId(`chip-${offlineMove.pathway.id}`)).toHaveCount(0);

	await network.online();
	await expect(alice.getByTestId(`chip-${offlineMove.pathway.id}`)).toBeVisible();
	await showWeekOf(bob, onlineMove.session.date);
	await expect(bob.getByTestId(`chip-${onlineMove.pathway.id}`)).toBeVisible();
});

test('a manager sees moves live but cannot edit', async ({ browser }) => {
	const [alice, manager, board] = await bothOnBoard(
		browser,
		['coordinator@demo.test', 'manager@demo.test'],
		'100'
	);
	await expect(manager.getByText('Read-only')).toBeVisible();
	await expect(manager.getByRole('button', { name: /^Pick up/ })).toHaveCount(0);
	await expect(manager.getByRole('button', { name: /Confirm/ })).toHaveCount(0);

	const { pathway, session } = compatiblePair(board);
	await move(alice, pathway, session);
	await showWeekOf(manager, session.date);
	await expect(manager.getByTestId(`chip-${pathway.id}`)).toBeVisible();
	await expect(manager.getByRole('button', { name: `Un-allocate ${pathway.name}` })).toHaveCount(0);
	// and the server refuses a manager's write even from outside the page
	const confirm = await manager.request.post(`/api/boards/${board.id}/confirm`, { data: {} });
	expect(confirm.status()).toBe(403);
});

test('confirming books the allocations, locks them and shows them on the PTL, live', async ({
	browser
}) => {
	const alice = await personOn(browser, 'coordinator@demo.test');
	const teamLead = await personOn(browser, 'teamlead@demo.test');
	const board = await boardFor(alice.request, '301');
	const { pathway, session } = compatiblePair(board);
	const surname = pathway.name.split(',')[0];
	// the team leader watches this patient on the PTL in another session
	await teamLead.goto(`/ptl?specialty=301&q=${encodeURIComponent(surname)}`);
	const row = teamLead.locator(`tr[data-pathway-id="${pathway.id}"]`);
	await expect(row).toContainText('Unbooked');

	await openBoard(alice, board.id);
	await move(alice, pathway, session);
	await alice.getByRole('button', { name: 'Confirm 1 allocation' }).click();
	const dialog = alice.getByRole('dialog');
	// by day and session, with the patient's name (issue 13)
	const list = dialog.getByTestId('confirm-list');
	const [year, , dayOfMonth] = session.date.split('-');
	await expect(list.getByRole('heading', { level: 3 })).toHaveText(
		new RegExp(`^[A-Z][a-z]{2} ${Number(dayOfMonth)} [A-Z][a-z]{2} ${year}$`)
	);
	await expect(list.getByRole('listitem').first()).toContainText(session.kind);
	await expect(list).toContainText(pathway.name);
	await dialog.getByRole('button', { name: 'Book them' }).click();
	await expect(alice.getByTestId('confirm-result')).toHaveText(/^Booked 1 patient\./);
	await expect(alice.getByTestId(`chip-${pathway.id}`)).toContainText('booked');
	await expect(alice.getByRole('button', { name: `Un-allocate ${pathway.name}` })).toHaveCount(0);

	// no reload: the booking arrives over socket.io
	await expect(row).toContainText(ukDate(session.date));
});
