import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './test';
import { personOn } from './boards';
import { visit } from './session';
import { ukDate } from '../../src/lib/format/date';

// Urology (101) outpatients who have waited least: the boards' tests plan 101 from the top of
// its list (longest waits first), and no other e2e test books from the PTL.
const SPECIALTY = '101';

interface PtlRow {
	id: number;
	patientId: number;
	name: string;
	bookingId: number | null;
	bookedDate: string | null;
}

interface Candidate {
	id: number;
	date: string;
	startTime: string;
}

/** An unbooked outpatient, shortest wait first, with a session the rules allow. */
async function unbookedPatient(request: APIRequestContext) {
	const res = await request.get(
		`/api/pathways?specialty=${SPECIALTY}&listType=outpatient&booked=unbooked&sort=wait&dir=desc&pageSize=25`
	);
	expect(res.status()).toBe(200);
	for (const patient of ((await res.json()) as { items: PtlRow[] }).items) {
		const offered = await request.get(`/api/pathways/${patient.id}/book-candidates`);
		expect(offered.status()).toBe(200);
		const [first] = ((await offered.json()) as { sessions: Candidate[] }).sessions;
		if (first) return { patient, first };
	}
	throw new Error(`no unbooked ${SPECIALTY} outpatient with a session to book`);
}

test('a coordinator books an unbooked patient from the PTL with the keyboard; the letter prints and the patient page lists the offer', async ({
	browser
}) => {
	const coordinator = await personOn(browser, 'coordinator@demo.test');
	const { patient, first } = await unbookedPatient(coordinator.request);
	const surname = patient.name.split(',')[0];

	await visit(coordinator, `/ptl?specialty=${SPECIALTY}&q=${encodeURIComponent(surname)}`);
	const row = coordinator.locator(`tr[data-pathway-id="${patient.id}"]`);
	await expect(row.getByTestId('booked')).toHaveText('Unbooked');
	await row.getByRole('button', { name: `Book ${patient.name}` }).focus();
	await coordinator.keyboard.press('Enter');
	const dialog = coordinator.getByRole('dialog');
	await expect(dialog.getByRole('heading')).toHaveText(`Book: ${patient.name}`);
	// the sessions arrive with focus on them; the first the rules allow is a key press away
	const session = dialog.getByLabel('Session offered');
	await expect(session).toBeFocused();
	await coordinator.keyboard.press('ArrowDown');
	await expect(session).toHaveValue(String(first.id));
	await dialog.getByLabel('Offered by').focus();
	await coordinator.keyboard.press('ArrowDown'); // phone → email
	await expect(dialog.getByLabel('Offered by')).toHaveValue('email');
	await dialog.getByRole('button', { name: 'Book (offer accepted)' }).focus();
	await coordinator.keyboard.press('Enter');

	await expect(dialog).toBeHidden();
	const notice = coordinator.getByRole('status').filter({ hasText: `${patient.name} booked for` });
	await expect(notice).toContainText(`(${ukDate(first.date)}) ${first.startTime}`);
	await expect(row.getByTestId('booked')).toHaveText(ukDate(first.date));
	await expect(row.getByRole('button', { name: `Move booking for ${patient.name}` })).toBeVisible();

	// the letter: a PDF, from the notice's link
	const link = notice.getByRole('link', { name: 'Print letter' });
	const href = await link.getAttribute('href');
	expect(href).toMatch(/^\/api\/bookings\/\d+\/letter\.pdf$/);
	const letter = await coordinator.request.get(href!);
	expect(letter.status()).toBe(200);
	expect(letter.headers()['content-type']).toBe('application/pdf');
	expect((await letter.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

	// the patient page lists the offer in the pathway's history, with the booking's letter link
	await visit(coordinator, `/patients/${patient.patientId}`);
	const pathway = coordinator.locator(`[data-pathway-id="${patient.id}"]`);
	const offer = pathway.getByRole('row').filter({ hasText: 'Offer accepted' });
	await expect(offer).toContainText(`appointment ${ukDate(first.date)}`);
	await expect(offer).toContainText('Email;');
	await expect(offer).toContainText('by ');
	await expect(pathway.getByTestId('live-booking')).toContainText(ukDate(first.date));
	await expect(pathway.getByRole('link', { name: 'Print letter' })).toHaveAttribute('href', href!);
	await pathway.getByRole('button', { name: 'Record letter sent today' }).focus();
	await coordinator.keyboard.press('Enter');
	await expect(
		coordinator.getByRole('status').filter({ hasText: 'Letter recorded as sent' })
	).toBeVisible();
	await expect(pathway.getByRole('row').filter({ hasText: 'Letter sent' })).toContainText(
		`appointment ${ukDate(first.date)}`
	);
});
