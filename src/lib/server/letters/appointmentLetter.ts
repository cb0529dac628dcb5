/**
 * The appointment letter (a clinic) or to-come-in letter (a theatre admission, TCI) for a
 * booking, as a PDF drawn with pdfkit from the trust's template (./template.ts). DOMAIN.md: the
 * letter states the date, time, place, how to rearrange, and the trust's contact details.
 */
import { eq } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import type { Database, Executor } from '../../../../db';
import {
	bookings,
	clinicians,
	locations,
	pathways,
	patients,
	sessions,
	sites,
	specialties
} from '../../../../db/schema';
import { fillLetter, type LetterValues } from '../../domain/letterTemplate';
import { ukDate, ukDayDate } from '../../format/date';
import { writeAudit } from '../audit';
import { AppError } from '../errors';
import { trustToday } from '../trustCalendar';
import type { Actor } from '../records/staff';
import { readLetterTemplate, type LetterTemplate } from './template';

/** What a letter says, gathered from the booking. */
export interface LetterFacts {
	bookingId: number;
	patientId: number;
	/** "Ann Example", as a letter addresses a person (the PTL's "EXAMPLE, Ann" is for lists). */
	addressee: string;
	address: string[];
	kind: 'clinic' | 'theatre';
	date: string;
	time: string;
	place: string;
	specialty: string;
	clinician: string | null;
}

async function letterFacts(db: Executor, bookingId: number): Promise<LetterFacts> {
	const [b] = await db
		.select({
			status: bookings.status,
			startTime: bookings.startTime,
			sessionStart: sessions.startTime,
			date: sessions.date,
			kind: sessions.kind,
			site: sites.name,
			location: locations.name,
			specialty: specialties.name,
			clinician: clinicians.name,
			patient: patients
		})
		.from(bookings)
		.innerJoin(sessions, eq(sessions.id, bookings.sessionId))
		.innerJoin(sites, eq(sites.id, sessions.siteId))
		.leftJoin(locations, eq(locations.id, sessions.locationId))
		.leftJoin(clinicians, eq(clinicians.id, sessions.clinicianId))
		.innerJoin(pathways, eq(pathways.id, bookings.pathwayId))
		.innerJoin(specialties, eq(specialties.code, pathways.specialtyCode))
		.innerJoin(patients, eq(patients.id, pathways.patientId))
		.where(eq(bookings.id, bookingId));
	if (!b) throw new AppError('not-found', `No booking ${bookingId}`);
	if (b.status !== 'booked')
		throw new AppError(
			'conflict',
			`This booking is '${b.status}'; a letter is for a live booking only`
		);
	const p = b.patient;
	return {
		bookingId,
		patientId: p.id,
		addressee: `${p.givenName} ${p.familyName}`,
		address: [p.addressLine1, p.addressLine2, p.town, p.postcode].filter(
			(line): line is string => !!line
		),
		kind: b.kind,
		date: b.date,
		time: (b.startTime ?? b.sessionStart).slice(0, 5),
		place: b.location ? `${b.location}, ${b.site}` : b.site,
		specialty: b.specialty,
		clinician: b.clinician
	};
}

/** The placeholders' values for one letter. */
export function letterValues(f: LetterFacts, t: LetterTemplate): LetterValues {
	return {
		patientName: f.addressee,
		date: ukDayDate(f.date),
		time: f.time,
		place: f.place,
		appointmentKind:
			f.kind === 'theatre' ? 'admission for your procedure' : 'outpatient clinic appointment',
		specialty: f.specialty,
		clinician: f.clinician ?? 'the clinical team',
		trustName: t.trustName,
		trustPhone: t.trustPhone,
		trustEmail: t.trustEmail,
		trustAddress: t.trustAddress
	};
}

/**
 * Draws the letter on A4. `compress: false` leaves the text readable in the file (tests look for
 * the patient's name and the date in it); letters sent to browsers are compressed.
 */
export function drawLetter(
	f: LetterFacts,
	t: LetterTemplate,
	printedOn: string,
	{ compress = true }: { compress?: boolean } = {}
): Promise<Buffer> {
	const doc = new PDFDocument({
		size: 'A4',
		margin: 56,
		compress,
		info: {
			Title: f.kind === 'theatre' ? 'Admission (TCI) letter' : 'Appointment letter',
			Author: t.trustName
		}
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	const width = doc.page.width - 112;
	// the trust's name and contact details, top right, as a reply address
	doc.font('Helvetica-Bold').fontSize(13).text(t.trustName, { align: 'right', width });
	doc
		.font('Helvetica')
		.fontSize(10)
		.text([t.trustAddress, `Telephone ${t.trustPhone}`, t.trustEmail].join('\n'), {
			align: 'right',
			width
		});
	doc.moveDown(2);
	doc.fontSize(11).text([f.addressee, ...f.address].join('\n'));
	doc.moveDown();
	doc.text(`Date of letter: ${ukDate(printedOn)}`);
	doc.moveDown();
	doc
		.font('Helvetica-Bold')
		.fontSize(13)
		.text(
			f.kind === 'theatre' ? 'Your admission for a procedure (to come in)' : 'Your appointment'
		);
	doc.moveDown(0.5);
	doc
		.font('Helvetica')
		.fontSize(11)
		.text(fillLetter(t.body, letterValues(f, t)), { width });
	doc.end();
	return done;
}

/**
 * The letter for a live booking as a PDF, with the facts it was drawn from. Reading it is patient
 * data leaving the system on paper, so each one drawn is audited (as revealing an NHS number is).
 */
export async function appointmentLetter(
	db: Database,
	actor: Pick<Actor, 'id'>,
	bookingId: number,
	options: { compress?: boolean; now?: Date } = {}
): Promise<{ pdf: Buffer; facts: LetterFacts }> {
	const facts = await letterFacts(db, bookingId);
	const template = await readLetterTemplate(db);
	const pdf = await drawLetter(facts, template, await trustToday(db, options.now), options);
	await writeAudit(db, {
		userId: actor.id,
		action: 'print-letter',
		entity: 'booking',
		entityId: bookingId,
		after: { patientId: facts.patientId, date: facts.date }
	});
	return { pdf, facts };
}
