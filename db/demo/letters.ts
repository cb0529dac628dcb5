/**
 * The letter behind each summarising item, written at seed time so a summariser reads what they
 * code (issue 13). A letter names the diagnoses, procedures, medication and allergies of the
 * item's summary (for a completed item, the summary that was written from it; for one still in
 * the backlog, the summary a careful summariser would write), in the shape of an NHS letter.
 * Everything is invented. Paper records from another trust ('external records') have no letter.
 */
import { dayNumber, formatNhsNumber, fromDayNumber } from '../../src/lib/domain/rtt';
import { FAMILY_NAMES } from './catalogue';
import { DAY } from './clock';
import type { TrustGenerator } from './generate';
import type { DemoDocument, DemoSummarisingItem, RecordSummary, SummaryEntry } from './model';
import type { Random } from './random';
import { codedSummary } from './records';

/** The item sources that arrive as a letter (the rest come on paper, with nothing to show). */
const LETTER_SOURCES = [
	'clinic letter',
	'discharge summary',
	'referral letter',
	'new registration'
] as const;
type LetterSource = (typeof LETTER_SOURCES)[number];

/** How a letter gives each medicine: a usual adult dose, so the text reads as a real one would. */
const DOSES: Record<string, string> = {
	Amlodipine: '5 mg once daily',
	Metformin: '500 mg twice daily with meals',
	Atorvastatin: '20 mg at night',
	Ramipril: '5 mg once daily',
	Omeprazole: '20 mg once daily',
	Salbutamol: '100 micrograms inhaled, two puffs as required',
	Bisoprolol: '2.5 mg once daily',
	Sertraline: '50 mg once daily',
	Aspirin: '75 mg once daily',
	Apixaban: '5 mg twice daily',
	Paracetamol: '1 g up to four times daily as required',
	Lansoprazole: '30 mg once daily'
};

const PLANS = [
	'I have not arranged a further appointment; I would be grateful if you would continue to monitor in primary care.',
	'I will see them again in clinic in three months with repeat blood tests beforehand.',
	'They have been added to the waiting list and will receive a date by letter.',
	'Please continue the current medication unchanged and re-refer if symptoms recur.'
] as const;

const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
] as const;

/** "2 March 2015", as letters write dates. */
export function letterDate(iso: string): string {
	const [y, m, d] = iso.split('-').map(Number);
	return `${d} ${MONTHS[m - 1]} ${y}`;
}

/**
 * One letter per item that arrived as one (by index into `items`), from its own random stream:
 * the rest of the demo is the same with or without letters, and the same seed gives the same
 * letters.
 */
export function sourceDocuments(
	t: TrustGenerator,
	items: readonly DemoSummarisingItem[]
): DemoDocument[] {
	const rng = t.stream('summarising-letters');
	const documents: DemoDocument[] = [];
	items.forEach((item, index) => {
		if (!(LETTER_SOURCES as readonly string[]).includes(item.source)) return;
		const received = fromDayNumber(Math.floor(item.receivedAt / DAY));
		const coded = item.summary ?? codedSummary(t, rng, item.patient, received);
		documents.push({
			item: index,
			...letter(t, rng, item.source as LetterSource, item.patient, received, coded)
		});
	});
	return documents;
}

function letter(
	t: TrustGenerator,
	rng: Random,
	source: LetterSource,
	patientIndex: number,
	received: string,
	coded: RecordSummary
): Omit<DemoDocument, 'item'> {
	const patient = t.patients[patientIndex];
	const writtenOn = fromDayNumber(dayNumber(received) - rng.int(1, 10));
	const specialty = rng.weighted(
		t.specialties,
		t.specialties.map((s) => s.weight)
	);
	const consultant = t.clinicians[rng.pick(t.cliniciansBySpecialty.get(specialty.code) ?? [0])];
	const gp = `Dr ${rng.pick(FAMILY_NAMES)}`;
	const practice = patient.gpPracticeName ?? 'the registered practice';
	const name = `${patient.givenName} ${patient.familyName}`;
	const re = `Re: ${name}, born ${letterDate(patient.dateOfBirth)}, NHS number ${formatNhsNumber(patient.nhsNumber)}`;

	const since = (e: SummaryEntry) => `${e.term} (since ${letterDate(e.date)})`;
	const on = (e: SummaryEntry) => `${e.term} (${letterDate(e.date)})`;
	const list = (heading: string, entries: string[]) =>
		entries.length === 0 ? null : [heading, ...entries.map((e) => `- ${e}`)].join('\n');
	const allergies = coded.allergies.some((a) => a.code === '716186003')
		? ['No known drug allergies']
		: coded.allergies.map((a) => a.term);
	const facts = [
		list('Diagnoses:', coded.problems.map(since)),
		list('Past procedures:', coded.procedures.map(on)),
		list(
			'Current medication:',
			coded.medications.map((m) => `${m.term} ${DOSES[m.term] ?? 'as directed'}`)
		),
		list('Allergies:', allergies.length > 0 ? allergies : ['Not recorded'])
	].filter((p): p is string => p !== null);

	let title: string;
	let author: string;
	let opening: string[];
	let signOff: string;
	if (source === 'referral letter') {
		title = `Referral to ${specialty.name}`;
		author = `${gp}, ${practice}`;
		opening = [
			`Dear ${consultant.name},`,
			re,
			`Thank you for seeing ${patient.givenName}, whom I would be grateful if you would assess in your ${specialty.name} clinic. Their relevant history and current treatment are below.`
		];
		signOff = `Yours sincerely,\n\n${gp}\nGeneral Practitioner, ${practice}`;
	} else if (source === 'new registration') {
		title = 'Summary of previous GP record (new registration)';
		author = `${gp}, previous practice`;
		opening = [
			`To the summarising team, ${practice},`,
			re,
			`${patient.givenName} has registered with your practice. This summary of their record with us accompanies the transferred notes.`
		];
		signOff = `${gp}\nPrevious registered practice`;
	} else {
		const clinic = source === 'clinic letter';
		title = clinic
			? `${specialty.name} outpatient clinic letter`
			: `Discharge summary: ${specialty.name}`;
		author = `${consultant.name}, Consultant, ${specialty.name}`;
		opening = [
			`Dear ${gp},`,
			re,
			clinic
				? `I saw ${patient.givenName} in the ${specialty.name} clinic on ${letterDate(writtenOn)}. I summarise their history and my findings below.`
				: `${patient.givenName} was an inpatient under the ${specialty.name} team and was discharged home on ${letterDate(writtenOn)}.`
		];
		signOff = `Yours sincerely,\n\n${consultant.name}\nConsultant, ${specialty.name}`;
	}
	const body = [...opening, ...facts, rng.pick(PLANS), signOff].join('\n\n');
	return { title, author, writtenOn, body };
}
