import { expect, test, type Page } from '@playwright/test';
import { boardFor, compatiblePair, move, openBoard, personOn } from './boards';

// Gynaecology (502) and Cardiology (320) boards: no other e2e test plans them.

interface RequestJson {
	id: number;
	status: string;
	pullOn: string;
	patient: string;
	movements?: { status: string; by: string | null; location: string | null }[];
}

/** Today's date in London, as the trust's clocks show it. */
const londonToday = () =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/**
 * The pull list a clinic's notes go on, worked out here rather than asked of the app: two
 * working days (Monday to Friday; the demo trust lists no bank holidays) before the clinic, or
 * today for a clinic inside that lead time.
 */
function expectedPullDate(clinicDate: string): string {
	const d = new Date(`${clinicDate}T12:00:00Z`);
	for (let left = 2; left > 0;) {
		d.setUTCDate(d.getUTCDate() - 1);
		if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
	}
	const due = d.toISOString().slice(0, 10);
	const today = londonToday();
	return due < today ? today : due;
}

/** Books one patient into a clinic on the board through the UI, as a coordinator does. */
async function bookClinicPatient(coordinator: Page, specialty: string) {
	const board = await boardFor(coordinator.request, specialty);
	const clinics = { ...board, sessions: board.sessions.filter((s) => s.kind === 'clinic') };
	const { pathway, session } = compatiblePair(clinics);
	await openBoard(coordinator, board.id);
	await move(coordinator, pathway, session);
	await coordinator.getByRole('button', { name: 'Confirm 1 allocation' }).click();
	await coordinator.getByRole('dialog').getByRole('button', { name: 'Book them' }).click();
	await expect(coordinator.getByTestId('confirm-result')).toHaveText(/Booked 1 patients/);
	return { pathway, session };
}

test('a clinic booking raises a case-note request that records staff pull, deliver, take back and file', async ({
	browser
}) => {
	const coordinator = await personOn(browser, 'coordinator@demo.test');
	const records = await personOn(browser, 'records@demo.test');
	const { pathway, session } = await bookClinicPatient(coordinator, '502');
	const surname = pathway.name.split(',')[0];

	// the booking raised exactly one request, on the pull list its lead time puts it on
	const found = (await (
		await records.request.get(`/api/records/requests?pathwayId=${pathway.id}`)
	).json()) as RequestJson[];
	expect(found).toHaveLength(1);
	const { id, pullOn } = found[0];
	expect(found[0].status).toBe('requested');
	expect(pullOn).toBe(expectedPullDate(session.date));

	await records.getByRole('link', { name: 'Case notes' }).click();
	await records.getByLabel('Day', { exact: true }).fill(pullOn);
	await records.getByRole('button', { name: 'Show' }).click();
	await expect(records.getByRole('heading', { name: /^Pull list for/ })).toContainText(pullOn);
	// (once the notes are out the request is also listed under "Out at clinics and wards")
	const row = records.getByTestId('pull-list').locator(`tr[data-request-id="${id}"]`);
	await expect(row).toContainText(surname.toUpperCase());
	const status = row.getByTestId('status');
	await expect(status).toHaveText(/^Requested/);

	// skipping steps without a reason is refused, with the reason why, and changes nothing
	await row.getByRole('button', { name: `Other movement for request ${id}` }).click();
	const dialog = records.getByRole('dialog');
	await dialog.getByLabel('Move to').selectOption('returned');
	await expect(dialog.getByLabel(/^Reason/)).toHaveAccessibleName(/needed/);
	await dialog.getByRole('button', { name: 'Record movement' }).click();
	await expect(dialog.getByRole('alert')).toHaveText(
		`Request ${id} is 'requested'; it cannot go to 'returned' without a reason`
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
		await row.getByRole('button', { name: `${action}: request ${id}` }).click();
		await expect(status).toHaveText(shown);
		await expect(
			records.getByRole('status').filter({ hasText: `Request ${id} is now` })
		).toBeVisible();
	}
	await expect(row.getByRole('button', { name: /: request/ })).toHaveCount(0);

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
	await expect(records.getByRole('heading', { name: /^Pull list for/ })).toContainText(pullOn);
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
	expect((await bad.json()).error).toBe(
		`Request ${request.id} is 'requested'; it cannot go to 'returned' without a reason`
	);
});
