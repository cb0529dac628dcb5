import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './test';
import { personOn } from './boards';
import { expectedPullDate, londonToday } from './pullList';
import { visit } from './session';
import { ukDate } from '../../src/lib/format/date';

// General medicine (300): no other end-to-end test books, plans or moves its patients.
const SPECIALTY = '300';

interface PtlRow {
	id: number;
	name: string;
	bookingId: number | null;
	bookedDate: string | null;
	bookedSessionId: number | null;
}

interface Candidate {
	id: number;
	date: string;
	startTime: string;
	endTime: string;
	freeMinutes: number;
}

interface RequestJson {
	id: number;
	bookingId: number | null;
	status: string;
	pullOn: string;
	neededBy: string;
}

const surname = (p: PtlRow) => p.name.split(',')[0];

/** The PTL row for one patient, as a coordinator looks them up: specialty and surname. */
async function ptlRow(page: Page, patient: PtlRow) {
	await visit(page, `/ptl?specialty=${SPECIALTY}&q=${encodeURIComponent(surname(patient))}`);
	const row = page.locator(`tr[data-pathway-id="${patient.id}"]`);
	await expect(row).toBeVisible();
	return row;
}

async function ptlEntry(request: APIRequestContext, patient: PtlRow): Promise<PtlRow> {
	const res = await request.get(
		`/api/pathways?specialty=${SPECIALTY}&q=${encodeURIComponent(surname(patient))}&pageSize=500`
	);
	expect(res.status()).toBe(200);
	const found = ((await res.json()) as { items: PtlRow[] }).items.find((i) => i.id === patient.id);
	if (!found) throw new Error(`pathway ${patient.id} is not on the PTL`);
	return found;
}

async function candidatesFor(request: APIRequestContext, bookingId: number) {
	const res = await request.get(`/api/bookings/${bookingId}/move-candidates`);
	expect(res.status()).toBe(200);
	return ((await res.json()) as { sessions: Candidate[] }).sessions;
}

/**
 * A booked patient a week or more away (so no notes have left the library yet) with an open
 * session on another day to move to, skipping patients this file has already used.
 */
const used = new Set<number>();
async function movablePatient(request: APIRequestContext) {
	const res = await request.get(`/api/pathways?specialty=${SPECIALTY}&booked=booked&pageSize=500`);
	expect(res.status()).toBe(200);
	const weekAway = new Date(`${londonToday()}T12:00:00Z`);
	weekAway.setUTCDate(weekAway.getUTCDate() + 7);
	const from = weekAway.toISOString().slice(0, 10);
	for (const patient of ((await res.json()) as { items: PtlRow[] }).items) {
		if (used.has(patient.id) || patient.bookingId === null || patient.bookedDate! < from) continue;
		const target = (await candidatesFor(request, patient.bookingId)).find(
			(s) => s.date !== patient.bookedDate
		);
		if (!target) continue;
		used.add(patient.id);
		return { patient, target, bookingId: patient.bookingId };
	}
	throw new Error(`no booked ${SPECIALTY} patient with another session to move to`);
}

async function requestsFor(records: Page, patient: PtlRow, bookingId: number) {
	const res = await records.request.get(`/api/records/requests?pathwayId=${patient.id}`);
	expect(res.status()).toBe(200);
	return ((await res.json()) as RequestJson[]).filter((r) => r.bookingId === bookingId);
}

/** An instant as a London wall clock reads it: "2026-12-07 09:00". */
const londonWallClock = (iso: string) =>
	new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/London' }).slice(0, 16);

test('a coordinator moves a booking to another session; the PTL and the pull list follow', async ({
	browser
}) => {
	const coordinator = await personOn(browser, 'coordinator@demo.test');
	const records = await personOn(browser, 'records@demo.test');
	const { patient, target, bookingId } = await movablePatient(coordinator.request);

	const row = await ptlRow(coordinator, patient);
	const booked = row.getByTestId('booked');
	await expect(booked).toContainText(ukDate(patient.bookedDate));
	await row.getByRole('button', { name: `Move booking for ${patient.name}` }).click();
	const dialog = coordinator.getByRole('dialog');
	await expect(dialog.getByRole('heading')).toHaveText(`Move booking: ${patient.name}`);
	// the choices arrive with focus on them, ready for the keyboard
	await expect(dialog.getByLabel('New session')).toBeFocused();
	await dialog.getByLabel('New session').selectOption(String(target.id));
	await expect(dialog.getByLabel('New session')).toContainText(`${target.freeMinutes} min free`);
	await expect(dialog.getByText(`Within ${target.startTime}–${target.endTime}`)).toBeVisible();
	await dialog.getByRole('button', { name: 'Move booking' }).click();

	await expect(dialog).toBeHidden();
	await expect(
		coordinator.getByRole('status').filter({ hasText: `${patient.name} moved to` })
	).toContainText(`(${ukDate(target.date)}) ${target.startTime}`);
	await expect(booked).toContainText(ukDate(target.date));
	expect((await ptlEntry(coordinator.request, patient)).bookedSessionId).toBe(target.id);

	// the case-note request follows the booking: needed at the new clinic, on its pull list
	const [request] = await requestsFor(records, patient, bookingId);
	expect(request.status).toBe('requested');
	expect(londonWallClock(request.neededBy)).toBe(`${target.date} ${target.startTime}`);
	const pullOn = expectedPullDate(target.date);
	expect(request.pullOn).toBe(pullOn);

	await records.goto('/records');
	await records.getByLabel('Day', { exact: true }).fill(pullOn);
	await records.getByRole('button', { name: 'Show' }).click();
	await expect(records.getByRole('heading', { name: /^Pull list for/ })).toContainText(
		ukDate(pullOn)
	);
	const pulled = records.getByTestId('pull-list').locator(`tr[data-request-id="${request.id}"]`);
	await expect(pulled).toContainText(surname(patient).toUpperCase());
	const day = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'UTC',
		weekday: 'short',
		day: 'numeric',
		month: 'short'
	}).format(new Date(`${target.date}T12:00:00Z`));
	// a date more than a week either side of today shows its year (issue 13)
	const near =
		Math.abs(Date.parse(target.date) - Date.parse(londonToday())) <= 7 * 24 * 3600 * 1000;
	const year = near ? '' : ` ${target.date.slice(0, 4)}`;
	await expect(pulled).toContainText(`${day}${year}, ${target.startTime}`);
});

test('a move the server refuses says why in the dialog and changes nothing', async ({
	browser
}) => {
	const coordinator = await personOn(browser, 'coordinator@demo.test');
	const other = await personOn(browser, 'coordinator2@demo.test');
	const { patient, target, bookingId } = await movablePatient(coordinator.request);

	// a start time outside the chosen session
	const row = await ptlRow(coordinator, patient);
	await row.getByRole('button', { name: `Move booking for ${patient.name}` }).click();
	const dialog = coordinator.getByRole('dialog');
	await dialog.getByLabel('New session').selectOption(String(target.id));
	const early = target.startTime > '06:00' ? '06:00' : '23:30';
	await dialog.getByLabel('Start time (optional)').fill(early);
	await dialog.getByRole('button', { name: 'Move booking' }).click();
	await expect(dialog.getByRole('alert')).toHaveText(
		`startTime: ${early} is outside the session's hours (${target.startTime}–${target.endTime})`
	);
	await dialog.getByRole('button', { name: 'Close' }).click();
	await expect(dialog).toBeHidden();
	await expect(row.getByTestId('booked')).toContainText(ukDate(patient.bookedDate));
	expect((await ptlEntry(coordinator.request, patient)).bookedSessionId).toBe(
		patient.bookedSessionId
	);

	// someone else cancels the booking while the dialog is open: the move is refused, not made
	await row.getByRole('button', { name: `Move booking for ${patient.name}` }).click();
	await dialog.getByLabel('New session').selectOption(String(target.id));
	const cancelled = await other.request.post(`/api/bookings/${bookingId}/cancel`, {
		data: { by: 'patient', reason: 'asked-to-rearrange', note: 'Phoned to cancel' }
	});
	expect(cancelled.status()).toBe(200);
	await dialog.getByRole('button', { name: 'Move booking' }).click();
	await expect(dialog.getByRole('alert')).toHaveText(
		"This booking is 'cancelled'; only a live booking can be changed"
	);
	await dialog.getByRole('button', { name: 'Close' }).click();
	await expect(row.getByTestId('booked')).toHaveText('Unbooked');

	// the candidate list refuses what is not a live booking, clearly
	const gone = await coordinator.request.get('/api/bookings/99999999/move-candidates');
	expect(gone.status()).toBe(404);
	expect((await gone.json()).message).toBe('No booking 99999999');
	const old = await coordinator.request.get(`/api/bookings/${bookingId}/move-candidates`);
	expect(old.status()).toBe(409);
	const bad = await coordinator.request.get('/api/bookings/next/move-candidates');
	// ids in the path are matched by [id=id] (issue 10): anything else names no booking
	expect(bad.status()).toBe(404);
	expect((await bad.json()).message).toBe('Nothing at /api/bookings/next/move-candidates');
});

test('a coordinator cancels a booking from the keyboard; the patient shows unbooked and the notes request is withdrawn', async ({
	browser
}) => {
	const coordinator = await personOn(browser, 'coordinator@demo.test');
	const records = await personOn(browser, 'records@demo.test');
	const { patient, target, bookingId } = await movablePatient(coordinator.request);
	// a booking whose notes have been asked for: moving it raises the request
	const moved = await coordinator.request.post(`/api/bookings/${bookingId}/move`, {
		data: { sessionId: target.id }
	});
	expect(moved.status()).toBe(200);
	const [request] = await requestsFor(records, patient, bookingId);
	expect(request.status).toBe('requested');

	const row = await ptlRow(coordinator, patient);
	await expect(row.getByTestId('booked')).toContainText(ukDate(target.date));
	await row.getByRole('button', { name: `Cancel booking for ${patient.name}` }).focus();
	await coordinator.keyboard.press('Enter');
	const dialog = coordinator.getByRole('dialog');
	await expect(dialog.getByRole('heading')).toHaveText(`Cancel booking: ${patient.name}`);
	await expect(dialog.getByLabel('Who cancelled, and why')).toBeFocused();
	// nothing chosen: said, and nothing sent
	await coordinator.keyboard.press('Tab');
	await coordinator.keyboard.type('On holiday');
	await coordinator.keyboard.press('Enter');
	await expect(dialog.getByRole('alert')).toHaveText('Choose who cancelled and why.');
	await expect(row.getByTestId('booked')).toContainText(ukDate(target.date));

	// the reasons are grouped by who cancelled, so one choice says both
	await expect(
		dialog.locator('optgroup[label="Cancelled by the patient"] option', {
			hasText: 'Work, family or holiday'
		})
	).toHaveCount(1);
	await dialog
		.getByLabel('Who cancelled, and why')
		.selectOption({ label: 'Work, family or holiday' });
	await dialog.getByLabel('Note (optional)').press('Enter');
	await expect(dialog).toBeHidden();
	await expect(
		coordinator.getByRole('status').filter({ hasText: `Booking for ${patient.name}` })
	).toHaveText(
		`Booking for ${patient.name} on ${ukDate(target.date)} cancelled by the patient. Their case-note request was withdrawn.`
	);
	await expect(row.getByTestId('booked')).toHaveText('Unbooked');
	await expect(row.getByRole('button', { name: /booking for/ })).toHaveCount(0);
	expect((await requestsFor(records, patient, bookingId))[0].status).toBe('withdrawn');
});

/**
 * A General medicine clinic today with no consultant named, made through the FHIR Slot import as
 * a PAS would send it, so that a booking whose day has come exists whatever day the suite runs.
 */
async function clinicToday(admin: Page): Promise<string> {
	const base = new URL(admin.url()).origin;
	const today = londonToday();
	const schedule = `${SPECIALTY}-WGH-outcome`;
	const bundle = {
		resourceType: 'Bundle',
		type: 'collection',
		entry: [
			{
				resource: {
					resourceType: 'Schedule',
					id: schedule,
					active: true,
					serviceType: [
						{ coding: [{ system: `${base}/fhir/CodeSystem/treatment-function`, code: SPECIALTY }] }
					],
					// the demo trust's main site
					actor: [
						{
							type: 'Location',
							identifier: { system: 'https://fhir.nhs.uk/Id/ods-site-code', value: 'WGH' }
						}
					]
				}
			},
			{
				resource: {
					resourceType: 'Slot',
					id: 'outcome-clinic',
					serviceCategory: [
						{ coding: [{ system: `${base}/fhir/CodeSystem/session-kind`, code: 'clinic' }] }
					],
					schedule: { reference: `Schedule/${schedule}` },
					status: 'free',
					// all day, so that every booking rule about the hour is met whenever the suite runs
					start: `${today}T00:05:00Z`,
					end: `${today}T22:55:00Z`
				}
			}
		]
	};
	const res = await admin.request.post('/api/fhir/Slot', { data: bundle });
	expect(res.status(), await res.text()).toBe(200);
	return today;
}

test('a coordinator records from the keyboard how a booking went once its day has come', async ({
	browser
}) => {
	const admin = await personOn(browser, 'admin@demo.test');
	const coordinator = await personOn(browser, 'coordinator@demo.test');
	const today = await clinicToday(admin);
	const res = await coordinator.request.get(
		`/api/pathways?specialty=${SPECIALTY}&booked=booked&pageSize=500`
	);
	let chosen: { patient: PtlRow; bookingId: number } | null = null;
	for (const patient of ((await res.json()) as { items: PtlRow[] }).items) {
		if (used.has(patient.id) || patient.bookingId === null) continue;
		const todays = (await candidatesFor(coordinator.request, patient.bookingId)).find(
			(s) => s.date === today
		);
		if (!todays) continue;
		const moved = await coordinator.request.post(`/api/bookings/${patient.bookingId}/move`, {
			data: { sessionId: todays.id }
		});
		expect(moved.status(), await moved.text()).toBe(200);
		used.add(patient.id);
		chosen = { patient, bookingId: patient.bookingId };
		break;
	}
	if (!chosen) throw new Error(`no booked ${SPECIALTY} patient may move to today's clinic`);
	const { patient } = chosen;

	const row = await ptlRow(coordinator, patient);
	await expect(row.getByTestId('booked')).toContainText(ukDate(today));
	// its day has come: it is no longer moved, but recorded as it went
	await expect(row.getByRole('button', { name: `Move booking for ${patient.name}` })).toHaveCount(
		0
	);
	await row.getByRole('button', { name: `Record outcome for ${patient.name}` }).focus();
	await coordinator.keyboard.press('Enter');
	const dialog = coordinator.getByRole('dialog');
	await expect(dialog.getByRole('heading')).toHaveText(`How did it go: ${patient.name}`);
	await dialog.getByRole('button', { name: 'Record outcome' }).press('Enter');
	await expect(dialog.getByRole('alert')).toHaveText('Choose how the appointment went.');

	await dialog.getByRole('radio', { name: 'Arrived late but was seen' }).check();
	await dialog.getByLabel('Note (optional)').fill('Bus delayed');
	await dialog.getByLabel('Note (optional)').press('Enter');
	await expect(dialog).toBeHidden();
	await expect(
		coordinator.getByRole('status').filter({ hasText: `Recorded for ${patient.name}` })
	).toHaveText(`Recorded for ${patient.name} on ${ukDate(today)}: arrived late but was seen.`);
	// seen: still on the list (their clock runs on to treatment), with nothing booked
	await expect(row.getByTestId('booked')).toHaveText('Unbooked');

	// the outcome is kept once: a second is refused, and a cancellation code is not an outcome
	const again = await coordinator.request.post(`/api/bookings/${chosen.bookingId}/outcome`, {
		data: { code: '5' }
	});
	expect(again.status()).toBe(409);
	const wrong = await coordinator.request.post(`/api/bookings/${chosen.bookingId}/outcome`, {
		data: { code: '2' }
	});
	expect(wrong.status()).toBe(400);
	expect((await wrong.json()).message).toMatch(/^code: one of 5 \(Attended on time\)/);
});
