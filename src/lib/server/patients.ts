/**
 * One patient's record (issue 12): demographics, every pathway with its history as far as the
 * data records it, case-note requests, and the audit trail about them. The patient page and
 * `GET /api/patients/<id>` both answer with it. Like the PTL's rows it is a plain read, not
 * audited (links to it are preloaded on hover, so a read is no sign anyone looked): the NHS
 * number is masked as on the PTL, and revealing it stays the one audited action (nhsNumber.ts).
 */
import {
	cancellationCode,
	countsTowardReview,
	mayRestartAfterDna,
	reviewForCancellations
} from '../domain/attendance';
import { and, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db';
import {
	auditLog,
	bookingLetters,
	bookings,
	caseNoteRequests,
	clinicians,
	offers,
	pathways,
	patients,
	sessions,
	sites,
	specialties,
	users,
	validationOutcomes,
	type BookingStatus,
	type CaseNoteStatus,
	type CaseNoteUrgency
} from '../../../db/schema';
import { ageOn, patientName } from '../domain/patient';
import { pathwayHistory, type HistoryEvent, type PathwayFacts } from '../domain/pathwayHistory';
import { needsClinicalReview } from '../domain/offers';
import { wallDate } from '../domain/workingTime';
import {
	clockFacts,
	isClockRunning,
	maskNhsNumber,
	RTT_STATUS,
	validationDueDate,
	type Priority
} from '../domain/rtt';
import type { ValidationOutcome } from '../domain/validationOutcome';
import { trustDay } from './trustCalendar';

/** How many audit entries the record carries, newest first. */
export const AUDIT_ENTRIES_SHOWN = 100;

export interface PatientRecord {
	/** The census date the ages and waits are counted to, and the trust's zone, for the page. */
	today: string;
	timeZone: string;
	patient: {
		id: number;
		name: string;
		givenName: string;
		familyName: string;
		/** Masked as on the PTL ("*** *** 5919"); revealed through a pathway's audited reveal. */
		nhsNumberMasked: string;
		hospitalNumber: string | null;
		dateOfBirth: string;
		age: number;
		sex: string;
		/** The address lines, town and postcode that are recorded, in order. */
		address: string[];
		phone: string | null;
		gpPractice: { code: string; name: string | null } | null;
	};
	pathways: {
		id: number;
		specialty: string;
		specialtyName: string;
		listType: string;
		procedure: string | null;
		priority: Priority | null;
		clinician: string | null;
		site: string | null;
		clockStart: string;
		rttStatus: string;
		rttStatusLabel: string | null;
		/** Whether the clock is running (an incomplete pathway on the PTL). */
		open: boolean;
		clockStoppedOn: string | null;
		daysWaited: number | null;
		rttDeadline: string | null;
		validationDue: string | null;
		tciDate: string | null;
		bookings: {
			id: number;
			sessionDate: string;
			startTime: string | null;
			kind: string;
			status: BookingStatus;
			bookedAt: string;
			statusChangedAt: string | null;
			/** When its letter was last recorded as sent; null when not yet. */
			letterSentOn: string | null;
			/** National attendance code once it ended (domain/attendance.ts); null before codes were kept. */
			attendanceCode: string | null;
		}[];
		offers: (PathwayFacts['offers'][number] & { id: number })[];
		/** Two declined reasonable offers: for a clinician's review (DOMAIN.md), never acted on here. */
		clinicalReview: boolean;
		/** Bookings the patient cancelled since the last validation: repeated ones are for clinical review, never discharge. */
		patientCancellations: number;
		/** Whether those cancellations call for a clinician to review the pathway. */
		cancellationReview: boolean;
		/** A first-appointment DNA nullified the clock: the hospital may offer another appointment. */
		mayRestartClock: boolean;
		validations: {
			id: number;
			outcome: ValidationOutcome;
			rttStatusBefore: string;
			rttStatusAfter: string;
			note: string | null;
			by: string | null;
			recordedAt: string;
		}[];
		history: HistoryEvent[];
	}[];
	caseNoteRequests: {
		id: number;
		reason: string;
		urgency: CaseNoteUrgency;
		status: CaseNoteStatus;
		neededBy: string;
		requestedAt: string;
	}[];
	audit: { id: number; at: string; action: string; entity: string; by: string | null }[];
}

const iso = (d: Date) => d.toISOString();

/** The record of patient `id`; null when there is no such patient. */
export async function patientRecord(db: Executor, id: number): Promise<PatientRecord | null> {
	const [p] = await db.select().from(patients).where(eq(patients.id, id));
	if (!p) return null;
	const { today, timeZone } = await trustDay(db);
	const localDate = (d: Date) => wallDate(d.getTime(), timeZone);

	const paths = await db
		.select({
			id: pathways.id,
			specialty: pathways.specialtyCode,
			specialtyName: specialties.name,
			listType: pathways.listType,
			procedure: pathways.procedure,
			priority: pathways.priority,
			decisionDate: pathways.decisionDate,
			clinician: clinicians.name,
			site: sites.name,
			clockStart: pathways.clockStart,
			rttStatus: pathways.rttStatus,
			clockStoppedOn: pathways.clockStoppedOn,
			lastValidatedOn: pathways.lastValidatedOn,
			tciDate: pathways.tciDate
		})
		.from(pathways)
		.innerJoin(specialties, eq(specialties.code, pathways.specialtyCode))
		.leftJoin(clinicians, eq(clinicians.id, pathways.clinicianId))
		.leftJoin(sites, eq(sites.id, pathways.siteId))
		.where(eq(pathways.patientId, id))
		.orderBy(desc(pathways.clockStart), desc(pathways.id));
	const pathwayIds = paths.map((w) => w.id);

	const bookingRows = pathwayIds.length
		? await db
				.select({
					id: bookings.id,
					pathwayId: bookings.pathwayId,
					sessionDate: sessions.date,
					startTime: bookings.startTime,
					sessionStart: sessions.startTime,
					kind: sessions.kind,
					status: bookings.status,
					bookedAt: bookings.bookedAt,
					statusChangedAt: bookings.statusChangedAt,
					attendanceCode: bookings.attendanceCode,
					cancellationReason: bookings.cancellationReason,
					note: bookings.outcomeNote
				})
				.from(bookings)
				.innerJoin(sessions, eq(sessions.id, bookings.sessionId))
				.where(inArray(bookings.pathwayId, pathwayIds))
				.orderBy(bookings.bookedAt, bookings.id)
		: [];
	const offerRows = pathwayIds.length
		? await db
				.select({
					id: offers.id,
					pathwayId: offers.pathwayId,
					offeredOn: offers.offeredOn,
					offeredFor: offers.offeredFor,
					method: offers.method,
					reasonable: offers.reasonable,
					outcome: offers.outcome,
					by: users.name
				})
				.from(offers)
				.leftJoin(users, eq(users.id, offers.offeredBy))
				.where(inArray(offers.pathwayId, pathwayIds))
				.orderBy(offers.offeredOn, offers.id)
		: [];
	const letterRows = bookingRows.length
		? await db
				.select({ bookingId: bookingLetters.bookingId, sentOn: bookingLetters.sentOn })
				.from(bookingLetters)
				.where(
					inArray(
						bookingLetters.bookingId,
						bookingRows.map((b) => b.id)
					)
				)
				.orderBy(bookingLetters.sentOn, bookingLetters.id)
		: [];
	const validationRows = pathwayIds.length
		? await db
				.select({
					id: validationOutcomes.id,
					pathwayId: validationOutcomes.pathwayId,
					outcome: validationOutcomes.outcome,
					rttStatusBefore: validationOutcomes.rttStatusBefore,
					rttStatusAfter: validationOutcomes.rttStatusAfter,
					note: validationOutcomes.note,
					by: users.name,
					recordedAt: validationOutcomes.recordedAt
				})
				.from(validationOutcomes)
				.leftJoin(users, eq(users.id, validationOutcomes.recordedBy))
				.where(inArray(validationOutcomes.pathwayId, pathwayIds))
				.orderBy(validationOutcomes.recordedAt, validationOutcomes.id)
		: [];
	const requestRows = await db
		.select({
			id: caseNoteRequests.id,
			reason: caseNoteRequests.reason,
			urgency: caseNoteRequests.urgency,
			status: caseNoteRequests.status,
			neededBy: caseNoteRequests.neededBy,
			requestedAt: caseNoteRequests.requestedAt
		})
		.from(caseNoteRequests)
		.where(eq(caseNoteRequests.patientId, id))
		.orderBy(desc(caseNoteRequests.neededBy), desc(caseNoteRequests.id));

	// Entries about the patient or any of its pathways, bookings or case-note requests.
	const about = (entity: string, ids: number[]): SQL[] =>
		ids.length
			? [and(eq(auditLog.entity, entity), inArray(auditLog.entityId, ids.map(String)))!]
			: [];
	const auditRows = await db
		.select({
			id: auditLog.id,
			at: auditLog.at,
			action: auditLog.action,
			entity: auditLog.entity,
			by: users.name
		})
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.userId))
		.where(
			or(
				...about('patient', [id]),
				...about('pathway', pathwayIds),
				...about(
					'booking',
					bookingRows.map((b) => b.id)
				),
				...about(
					'case_note_request',
					requestRows.map((r) => r.id)
				)
			)
		)
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(AUDIT_ENTRIES_SHOWN);

	return {
		today,
		timeZone,
		patient: {
			id: p.id,
			name: patientName(p),
			givenName: p.givenName,
			familyName: p.familyName,
			nhsNumberMasked: maskNhsNumber(p.nhsNumber),
			hospitalNumber: p.hospitalNumber,
			dateOfBirth: p.dateOfBirth,
			age: ageOn(p.dateOfBirth, today),
			sex: p.sex,
			address: [p.addressLine1, p.addressLine2, p.town, p.postcode].filter(
				(line): line is string => !!line
			),
			phone: p.phone,
			gpPractice: p.gpPracticeCode ? { code: p.gpPracticeCode, name: p.gpPracticeName } : null
		},
		pathways: paths.map((w) => {
			const open = isClockRunning(w.rttStatus);
			const facts = open ? clockFacts(w.clockStart, w.priority, w.decisionDate, today) : null;
			const own = bookingRows.filter((b) => b.pathwayId === w.id);
			const patientCancelled = own.filter(
				(b) =>
					b.attendanceCode === cancellationCode('patient') &&
					b.statusChangedAt !== null &&
					countsTowardReview(localDate(b.statusChangedAt), w)
			).length;
			const validations = validationRows.filter((v) => v.pathwayId === w.id);
			const offered = offerRows.filter((o) => o.pathwayId === w.id);
			const letters = letterRows.flatMap((l) => {
				const b = own.find((o) => o.id === l.bookingId);
				return b ? [{ ...l, appointment: b.sessionDate }] : [];
			});
			return {
				id: w.id,
				specialty: w.specialty,
				specialtyName: w.specialtyName,
				listType: w.listType,
				procedure: w.procedure,
				priority: w.priority,
				clinician: w.clinician,
				site: w.site,
				clockStart: w.clockStart,
				rttStatus: w.rttStatus,
				rttStatusLabel: RTT_STATUS[w.rttStatus] ?? null,
				open,
				clockStoppedOn: w.clockStoppedOn,
				daysWaited: facts?.daysWaited ?? null,
				rttDeadline: facts?.rttDeadline ?? null,
				validationDue: open ? validationDueDate(w.clockStart, w.lastValidatedOn) : null,
				tciDate: w.tciDate,
				bookings: own.map((b) => ({
					id: b.id,
					sessionDate: b.sessionDate,
					startTime: b.startTime ?? b.sessionStart,
					kind: b.kind,
					status: b.status,
					bookedAt: iso(b.bookedAt),
					statusChangedAt: b.statusChangedAt ? iso(b.statusChangedAt) : null,
					letterSentOn: letters.findLast((l) => l.bookingId === b.id)?.sentOn ?? null,
					attendanceCode: b.attendanceCode
				})),
				offers: offered.map(({ pathwayId: _pathwayId, ...o }) => o),
				clinicalReview: needsClinicalReview(offered),
				patientCancellations: patientCancelled,
				cancellationReview: open && reviewForCancellations(patientCancelled),
				mayRestartClock: mayRestartAfterDna(w.rttStatus),
				validations: validations.map((v) => ({
					id: v.id,
					outcome: v.outcome,
					rttStatusBefore: v.rttStatusBefore,
					rttStatusAfter: v.rttStatusAfter,
					note: v.note,
					by: v.by,
					recordedAt: iso(v.recordedAt)
				})),
				history: pathwayHistory({
					clockStart: w.clockStart,
					rttStatus: w.rttStatus,
					clockStoppedOn: w.clockStoppedOn,
					priority: w.priority,
					decisionDate: w.decisionDate,
					validations: validations.map((v) => ({
						on: localDate(v.recordedAt),
						outcome: v.outcome,
						by: v.by,
						note: v.note
					})),
					bookings: own.map((b) => ({
						bookedOn: localDate(b.bookedAt),
						sessionDate: b.sessionDate,
						status: b.status,
						changedOn: b.statusChangedAt ? localDate(b.statusChangedAt) : null,
						attendanceCode: b.attendanceCode,
						cancellationReason: b.cancellationReason,
						note: b.note
					})),
					offers: offered,
					letters
				})
			};
		}),
		caseNoteRequests: requestRows.map((r) => ({
			...r,
			neededBy: iso(r.neededBy),
			requestedAt: iso(r.requestedAt)
		})),
		audit: auditRows.map((a) => ({ ...a, at: iso(a.at) }))
	};
}
