import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { boardFor, compatiblePair, move, openBoard, personOn } from './boards';
import { expectedPullDate } from './pullList';
import { claimButton } from './summarising';
import { signIn, visit } from './session';
import { ukDate } from '../../src/lib/format/date';

// Gynaecology (502) and Cardiology (320) boards: no other e2e test plans them.

interface RequestJson {
	id: number;
	status: string;
	volumeBarcode: string | null;
	pullOn: string;
	patient: string;
	requestedAt: string;
	movements?: { status: string; by: string | null; location: string | null }[];
}

/** A request as records staff know it (never by its id): by its volume, or whose notes. */
const known = (r: RequestJson) =>
	r.volumeBarcode ? `request for volume ${r.volumeBarcode}` : `request for ${r.patient}'s notes`;

/** Books one patient into a clinic on the board through the UI, as a coordinator does. */
async function bookClinicPatient(coordinator: Page, specialty: string) {
	const board = await boardFor(coordinator.request, specialty);
	const clinics = { ...board, sessions: board.sessions.filter((s) => s.kind === 'clinic') };
	const { pathway, session } = compatiblePair(clinics);
	await openBoard(coordinator, board.id);
	await move(coordinator, pathway, session);
	await coordinator.getByRole('button', { name: 'Confirm 1 allocation' }).click();
	const confirm = coordinator.getByRole('dialog');
	// one patient is "1 patient", not "1 patients" (issue 13)
	await expect(confirm.getByRole('heading', { level: 2 })).toHaveText('Book 1 patient');
	await confirm.getByRole('button', { name: 'Book them' }).click();
	await expect(coordinator.getByTestId('confirm-result')).toHaveText(/^Booked 1 patient\./);
	return { pathway, session };
}

test('a clinic booking raises a case-note request that records staff pull, deliver, take back and file', async ({
	browser
}) => {
	const coordinator = await personOn(browser, 'coordinator@demo.test');
	const records = await personOn(browser, 'records@demo.test');
	const started = Date.now();
	const { pathway, session } = await bookClinicPatient(coordinator, '502');
	const surname = pathway.name.split(',')[0];

	// the booking raised exactly one request, on the pull list its lead time puts it on (the
	// demo's history may hold older, filed requests for the same pathway from an earlier visit)
	const found = (
		(await (
			await records.request.get(`/api/records/requests?pathwayId=${pathway.id}`)
		).json()) as RequestJson[]
	).filter((r) => Date.parse(r.requestedAt) >= started - 1000);
	expect(found).toHaveLength(1);
	const { id, pullOn } = found[0];
	expect(found[0].status).toBe('requested');
	expect(pullOn).toBe(expectedPullDate(session.date));

	await records.getByRole('link', { name: 'Case notes', exact: true }).click();
	await records.getByLabel('Day', { exact: true }).fill(pullOn);
	await records.getByRole('button', { name: 'Show' }).click();
	await expect(records.getByRole('heading', { name: /^Pull list for/ })).toContainText(
		ukDate(pullOn)
	);
	// (once the notes are out the request is also listed under "Out at clinics and wards")
	const row = records.getByTestId('pull-list').locator(`tr[data-request-id="${id}"]`);
	await expect(row).toContainText(surname.toUpperCase());
	const status = row.getByTestId('status');
	await expect(status).toHaveText(/^Requested/);

	// skipping steps without a reason is refused, with the reason why, and changes nothing
	// the request's id is nowhere a person reads: it is named by its volume, or whose notes
	await expect(row.getByRole('cell', { name: String(id), exact: true })).toHaveCount(0);
	await row.getByRole('button', { name: `Other movement for the ${known(found[0])}` }).click();
	const dialog = records.getByRole('dialog');
	await expect(dialog.getByRole('heading', { level: 2 })).toHaveText(
		found[0].volumeBarcode
			? `Request for volume ${found[0].volumeBarcode}: ${found[0].patient}`
			: `Request for ${found[0].patient}'s notes`
	);
	await dialog.getByLabel('Move to').selectOption('returned');
	await expect(dialog.getByLabel(/^Reason/)).toHaveAccessibleName(/needed/);
	await dialog.getByRole('button', { name: 'Record movement' }).click();
	await expect(dialog.getByRole('alert')).toHaveText(
		`The ${known(found[0])} is 'requested'; it cannot go to 'returned' without a reason`
	);
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(status).toHaveText(/^Requested/);

	// then the lifecycle, one step at a time from the pull list
	for (const [action, shown] of [
		['Located', /^Located/],
		['Dispatched', /^Dispatched/],
		['Available', /^Available at clinic/],
		['Returned', /^Returned/],
		['Filed', /^Filed/]
	] as const) {
		await row.getByRole('button', { name: `${action}: ${known(found[0])}` }).click();
		await expect(status).toHaveText(shown);
		await expect(
			records.getByRole('status').filter({ hasText: `The ${known(found[0])} is now` })
		).toBeVisible();
	}
	await expect(row.getByRole('button', { name: /: request for/ })).toHaveCount(0);

	// every movement is on the tracking record: who, where, when
	const tracked = (await (
		await records.request.get(`/api/records/requests/${id}`)
	).json()) as RequestJson;
	expect(tracked.movements!.map((m) => m.status)).toEqual([
		'requested',
		'located',
		'dispatched',
		'available',
		'returned',
		'filed'
	]);
	expect(
		tracked.movements!.slice(1).every((m) => m.by === 'Robin Records' && m.location !== null)
	).toBe(true);
	expect(tracked.movements![0].by).toBe('Casey Coordinator');
});

test('the pull list shows a new booking live, and only records staff and their leaders may open it', async ({
	browser
}) => {
	const records = await personOn(browser, 'records2@demo.test');
	const coordinator = await personOn(browser, 'coordinator@demo.test');
	const board = await boardFor(coordinator.request, '320');
	const { pathway, session } = compatiblePair({
		...board,
		sessions: board.sessions.filter((s) => s.kind === 'clinic')
	});
	const pullOn = expectedPullDate(session.date);

	// the records assistant has that day's pull list open before the booking is made
	await records.goto('/records');
	await records.getByLabel('Day', { exact: true }).fill(pullOn);
	await records.getByRole('button', { name: 'Show' }).click();
	await expect(records.getByRole('heading', { name: /^Pull list for/ })).toContainText(
		ukDate(pullOn)
	);
	const before = Number(await records.getByTestId('pull-total').innerText());

	await bookClinicPatient(coordinator, '320');
	const [request] = (await (
		await records.request.get(`/api/records/requests?pathwayId=${pathway.id}`)
	).json()) as RequestJson[];
	expect(request.pullOn).toBe(pullOn);
	// no reload: the booking arrives over socket.io
	await expect(
		records.getByTestId('pull-list').locator(`tr[data-request-id="${request.id}"]`)
	).toContainText(pathway.name.split(',')[0].toUpperCase());
	await expect(records.getByTestId('pull-total')).toHaveText(String(before + 1));

	// the role table is checked on the server for pages and the API alike
	await coordinator.goto('/records');
	await expect(
		coordinator.getByRole('heading', { name: 'You do not have access to this page' })
	).toBeVisible();
	await expect(
		coordinator.getByText('Waiting list coordinator accounts cannot open /records')
	).toBeVisible();
	const api = await coordinator.request.post(`/api/records/requests/${request.id}/transition`, {
		data: { to: 'located' }
	});
	expect(api.status()).toBe(403);
	const bad = await records.request.post(`/api/records/requests/${request.id}/transition`, {
		data: { to: 'returned' }
	});
	expect(bad.status()).toBe(409);
	expect((await bad.json()).message).toBe(
		`The ${known(request)} is 'requested'; it cannot go to 'returned' without a reason`
	);
});

test('a barcode scanner records one volume after another: the box is emptied and keeps the focus after each scan', async ({
	page
}) => {
	await signIn(page, 'records@demo.test');
	await visit(page, '/records');

	// volumes whose notes are still to be found, from today's pull list as the page shows it
	const waiting = page
		.getByTestId('pull-list')
		.locator('tr[data-request-id]')
		.filter({ has: page.getByTestId('status').filter({ hasText: /^Requested/ }) });
	const volumes = [
		...new Set((await waiting.locator('td.mono').allInnerTexts()).filter((v) => v !== '—'))
	];
	expect(volumes.length).toBeGreaterThanOrEqual(3);
	const [first, second, third] = volumes;

	await page.getByLabel('Step', { exact: true }).selectOption('located');
	const box = page.getByLabel('Volume barcode');
	await box.click();
	// a USB scanner types the code into whatever has the focus and presses Enter
	const scan = async (code: string) => {
		await page.keyboard.type(code);
		await page.keyboard.press('Enter');
	};
	const located = async (code: string) => {
		await scan(code);
		await expect(
			page
				.getByRole('status')
				.filter({ hasText: `The request for volume ${code} is now 'located'` })
		).toBeVisible();
		await expect(box).toHaveValue('');
		await expect(box).toBeFocused();
	};

	await located(first);
	await located(second);
	// a refused scan empties the box too, so the next volume is not appended to the bad code
	await scan('CN0000000-01');
	await expect(page.getByRole('alert')).toContainText('CN0000000-01');
	await expect(page.getByRole('alert')).not.toContainText('CN0000000-01CN');
	await expect(box).toHaveValue('');
	await expect(box).toBeFocused();
	await located(third);
});

test('missing notes needed more than a week ago say the year they were needed', async ({
	page
}) => {
	await signIn(page, 'records2@demo.test');
	await visit(page, '/records');
	const rows = page.getByRole('table', { name: 'Missing and temporary notes' }).locator('tbody tr');
	// the demo trust has notes missing since months ago: "Late: needed 361 d 4 h ago"
	const old = rows.filter({
		has: page.getByTestId('status').filter({ hasText: /needed (\d{3}|[89]|[1-9]\d) d / })
	});
	await expect(old.first()).toBeVisible();
	const neededBy = await old.locator('td:nth-child(4)').allInnerTexts();
	expect(neededBy.length).toBeGreaterThan(0);
	for (const text of neededBy)
		expect(text).toMatch(/^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2,3} \d{4}, \d\d:\d\d$/);
});

test('the records dashboard over a single week says "1 week", not "1 weeks"', async ({ page }) => {
	await signIn(page, 'records2@demo.test');
	await visit(page, '/dashboards/records?weeks=1');
	await expect(page.locator('.lede')).toContainText('over the 1 week from Monday');
	await expect(page.getByText('Notes at clinic, 1 week', { exact: true })).toBeVisible();
});

test('a summariser claims an item, the other sees it taken at once, and a coded summary completes it', async ({
	browser
}) => {
	const sam = await personOn(browser, 'summariser@demo.test');
	const hannah = await personOn(browser, 'summariser2@demo.test');
	await sam.goto('/summarising');
	await hannah.goto('/summarising');
	const first = sam.getByTestId('queue').locator('tbody tr').first();
	const id = await first.getAttribute('data-item-id');
	const patient = (await first.locator('td:nth-child(5)').innerText()).split('\n')[0];
	await expect(hannah.getByTestId('queue').locator(`tr[data-item-id="${id}"]`)).toBeVisible();

	await (await claimButton(first)).click();
	const editor = sam.getByTestId(`editor-${id}`);
	await expect(editor).toBeVisible();
	// no reload: the claim arrives over socket.io, so Hannah cannot start the same record
	await expect(
		hannah.getByTestId('claimed-by-others').locator(`li[data-item-id="${id}"]`)
	).toContainText('Sam Summariser');
	await expect(hannah.getByTestId('queue').locator(`tr[data-item-id="${id}"]`)).toHaveCount(0);

	await editor.getByRole('button', { name: 'Add to problems' }).click();
	await editor.getByLabel('SNOMED CT code').first().fill('38341004');
	await editor.getByLabel('Term').first().fill('Hypertension');
	await editor.getByLabel('Date').first().fill('2015-03-02');
	await editor.getByRole('button', { name: 'Add to allergies' }).click();
	await editor.getByRole('button', { name: 'Complete summary' }).click();
	await expect(editor.getByRole('alert')).toHaveText(
		'Problem 1: the SNOMED CT code "38341004" is not a valid code (its last digit, the check digit, does not match): check it against the letter'
	);

	await editor.getByLabel('SNOMED CT code').first().fill('38341003');
	await editor.getByRole('button', { name: 'Complete summary' }).click();
	// named as staff know it, by the letter and the patient (issue 13), not by its id
	await expect(
		sam.getByRole('status').filter({ hasText: new RegExp(`^The .+ for ${patient} summarised$`) })
	).toBeVisible();
	await expect(sam.getByTestId(`editor-${id}`)).toHaveCount(0);
	await expect(
		hannah.getByTestId('claimed-by-others').locator(`li[data-item-id="${id}"]`)
	).toHaveCount(0);
});

/** A coordinator's validation worklist, showing the pathways due for validation. */
async function openDueWorklist(page: Page): Promise<void> {
	await signIn(page, 'coordinator2@demo.test');
	await page.getByRole('link', { name: 'Validation' }).click();
	await page.getByLabel('Show').selectOption('validation_due');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(/flag=validation_due/);
}

test('a coordinator validates a waiting patient and takes a treated one off the list, which the PTL then leaves out', async ({
	page
}) => {
	await openDueWorklist(page);
	const rows = page.getByTestId('worklist').locator('tbody tr');
	const total = Number(await page.getByTestId('worklist-total').innerText());
	expect(total).toBeGreaterThan(2);

	// still waiting: validated today, so off the due list
	const waiting = rows.first();
	const waitingId = await waiting.getAttribute('data-pathway-id');
	const waitingName = (await waiting.locator('td').first().innerText()).split('\n')[0];
	await waiting.getByRole('button', { name: /^Record outcome for/ }).click();
	const dialog = page.getByRole('dialog');
	await dialog.getByLabel('Still waiting').check();
	await dialog.getByLabel('Note').fill('Phoned: still wants to be seen');
	await dialog.getByRole('button', { name: 'Record outcome' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: `${waitingName}: outcome recorded (RTT status 20)` })
	).toBeVisible();
	await expect(page.locator(`tr[data-pathway-id="${waitingId}"]`)).toHaveCount(0);
	await expect(page.getByTestId('worklist-total')).toHaveText(String(total - 1));

	// treated elsewhere: needs the clinical decision and the patient's agreement, stops the clock (30)
	const treated = rows.first();
	const treatedId = await treated.getAttribute('data-pathway-id');
	const treatedName = (await treated.locator('td').first().innerText()).split('\n')[0];
	const surname = treatedName.split(',')[0];
	const onPtl = async (id: string) => {
		const res = await page.request.get(
			`/api/pathways?q=${encodeURIComponent(surname)}&pageSize=500`
		);
		expect(res.status()).toBe(200);
		return ((await res.json()) as { items: { id: number }[] }).items.some(
			(i) => i.id === Number(id)
		);
	};
	expect(await onPtl(treatedId!)).toBe(true);
	await treated.getByRole('button', { name: /^Record outcome for/ }).click();
	await dialog.getByLabel('Treated elsewhere').check();
	await dialog
		.getByLabel(/^Clinical decision/)
		.fill('Consultant reviewed the letter: operated on privately');
	await dialog.getByRole('button', { name: 'Record outcome' }).click();
	await expect(dialog.getByRole('alert')).toHaveText(
		'patientAgreed: a patient is taken off the list only with their agreement; confirm they agreed'
	);
	await dialog.getByLabel('The patient agrees').check();
	await dialog.getByRole('button', { name: 'Record outcome' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: `${treatedName}: outcome recorded (RTT status 30)` })
	).toBeVisible();

	expect(await onPtl(treatedId!)).toBe(false);
});

test('the validation dialog asks for the patient’s agreement only where the outcome needs it: never for a death (code 36)', async ({
	page
}) => {
	await openDueWorklist(page);
	const row = page.getByTestId('worklist').locator('tbody tr').first();
	const id = await row.getAttribute('data-pathway-id');
	await row.getByRole('button', { name: /^Record outcome for/ }).click();
	const dialog = page.getByRole('dialog');
	const agrees = dialog.getByLabel('The patient agrees');

	await dialog.getByLabel('Treated elsewhere').check();
	await expect(agrees).toBeVisible();
	await dialog.getByLabel('No longer required').check();
	await dialog.getByLabel('Why').selectOption('35');
	await expect(agrees).toBeVisible();
	// a patient who has died cannot agree, and the dialog does not ask
	await dialog.getByLabel('Why').selectOption('36');
	await expect(agrees).toHaveCount(0);
	await dialog
		.getByLabel(/^Clinical decision/)
		.fill('GP letter: the patient died; removed by the consultant');
	await dialog.getByRole('button', { name: 'Record outcome' }).click();
	await expect(dialog).toBeHidden();
	await expect(
		page.getByRole('status').filter({ hasText: /outcome recorded \(RTT status 36\)/ })
	).toBeVisible();
	await expect(page.locator(`tr[data-pathway-id="${id}"]`)).toHaveCount(0);
});

test('the team page counts the summarising queue as the queue does, and moves several items in one action', async ({
	page
}) => {
	await signIn(page, 'teamlead@demo.test');
	await visit(page, '/summarising');
	const awaiting = await page.getByTestId('awaiting-total').innerText();
	await visit(page, '/team');
	// nobody holds what awaits in the queue: the team page's unassigned summarising is that count
	await expect(
		page.getByTestId('open-work').locator('tr[data-person="Unassigned"] td').nth(1)
	).toHaveText(awaiting);

	// someone holding at least two summarising items hands two of them on in one action
	const holder = page
		.locator('details')
		.filter({ has: page.locator('form[data-work-table^="summary-"] tbody tr:nth-child(2)') })
		.first();
	await holder.locator('summary').click();
	const list = holder.locator('form[data-work-table^="summary-"]');
	const rows = list.locator('tbody tr');
	const moved = [
		await rows.nth(0).getAttribute('data-work'),
		await rows.nth(1).getAttribute('data-work')
	];
	await rows.nth(0).getByRole('checkbox').check();
	await rows.nth(1).getByRole('checkbox').check();
	const to = list.getByLabel('Give the 2 selected to');
	const target = (await to.locator('option').first().innerText()).trim();
	await to.selectOption({ label: target });
	await list.getByRole('button', { name: 'Reassign selected' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Reassigned 2 items' })).toBeVisible();
	const theirs = page.locator('details').filter({
		has: page.locator('summary', { hasText: new RegExp(`^${target}: `) })
	});
	for (const work of moved) {
		await expect(theirs.locator(`tr[data-work="${work}"]`)).toHaveCount(1);
	}
});
