/**
 * When case notes are due, and when a request is late. There is no national KPI set for health
 * records (DOMAIN.md, "Health records"): every threshold here comes from the trust's settings,
 * with the defaults the demo trust and most trusts start from.
 */
import { ukDate } from '../format/date';
import {
	addWorkingDays,
	DAY,
	HOUR,
	MINUTE,
	nextWorkingDayFrom,
	NO_HOLIDAYS,
	wallClock,
	wallTime,
	type Holidays
} from './workingTime';

export type CaseNoteUrgency = 'emergency' | 'urgent' | 'routine';

export interface CaseNoteSla {
	/** Emergency requests: notes with the requester within this many minutes. */
	emergencyMinutes: number;
	/** Urgent requests (wards): within this many minutes. */
	urgentMinutes: number;
	/** Routine requests: within this many working days. */
	routineWorkingDays: number;
	/** Returned notes filed within this many hours ("Filing turnaround", DOMAIN.md). */
	filingHours: number;
}

export const DEFAULT_SLA: CaseNoteSla = {
	emergencyMinutes: 30,
	urgentMinutes: 240,
	routineWorkingDays: 2,
	filingHours: 24
};

/** Clinic pulls: working days before the clinic the notes are pulled (the pull list's day). */
export const DEFAULT_CLINIC_LEAD_WORKING_DAYS = 2;

export interface TrustCalendar {
	timeZone: string;
	holidays: Holidays;
}

/**
 * The SLA deadline of an ad-hoc request made at `requestedAt`. Emergency and urgent requests run
 * on the clock, night and weekend alike (emergency departments do); routine ones run on working
 * days: due at the same time of day that many working days later. A routine request made on a
 * weekend or bank holiday starts its clock at midnight at the start of the next working day.
 */
export function slaDueAt(
	urgency: CaseNoteUrgency,
	requestedAt: number,
	sla: CaseNoteSla,
	calendar: TrustCalendar
): number {
	if (urgency === 'emergency') return requestedAt + sla.emergencyMinutes * MINUTE;
	if (urgency === 'urgent') return requestedAt + sla.urgentMinutes * MINUTE;
	const { date, minute } = wallClock(requestedAt, calendar.timeZone);
	const start = nextWorkingDayFrom(date, calendar.holidays);
	const startMinute = start === date ? minute : 0;
	return wallTime(
		addWorkingDays(start, sla.routineWorkingDays, calendar.holidays),
		startMinute,
		calendar.timeZone
	);
}

/**
 * The day a clinic's notes go on the pull list: `leadWorkingDays` working days before the
 * clinic, but never before `today` (a patient booked inside the lead time is pulled at once).
 */
export function pullDate(
	clinicDate: string,
	leadWorkingDays: number,
	today: string,
	holidays: Holidays = NO_HOLIDAYS
): { pullOn: string; insideLeadTime: boolean } {
	const due = addWorkingDays(clinicDate, -leadWorkingDays, holidays);
	return due < today
		? { pullOn: today, insideLeadTime: true }
		: { pullOn: due, insideLeadTime: false };
}

export type Lateness =
	| { late: false }
	| { late: true; kind: 'pull' | 'delivery' | 'filing'; since: number; message: string };

export interface RequestClock {
	status: string;
	/** When the notes must be with the requester (clinic start, or the ad-hoc SLA deadline). */
	neededBy: number;
	/** The pull list the request is on; null when it was raised ad hoc (pulled at once). */
	pullOn: string | null;
	returnedAt: number | null;
}

const NOT_YET_DELIVERED = new Set(['requested', 'located', 'dispatched', 'missing']);

/**
 * Whether a request is late against its SLA at `now`, and why. A pull is late once its pull day
 * has ended with the notes still unlocated; a delivery once `neededBy` passes without the notes
 * being available (or temporary notes made); filing once returned notes wait longer than the
 * filing SLA.
 */
export function lateness(
	r: RequestClock,
	now: number,
	sla: CaseNoteSla,
	calendar: TrustCalendar
): Lateness {
	if (NOT_YET_DELIVERED.has(r.status) && now > r.neededBy) {
		return {
			late: true,
			kind: 'delivery',
			since: r.neededBy,
			message: `needed ${overdueBy(now - r.neededBy)} ago`
		};
	}
	if (r.status === 'requested' && r.pullOn !== null) {
		const endOfPullDay = wallTime(r.pullOn, 24 * 60, calendar.timeZone);
		if (now >= endOfPullDay) {
			return {
				late: true,
				kind: 'pull',
				since: endOfPullDay,
				message: `not pulled on ${ukDate(r.pullOn)}`
			};
		}
	}
	if (r.status === 'returned' && r.returnedAt !== null) {
		const due = r.returnedAt + sla.filingHours * HOUR;
		if (now > due)
			return {
				late: true,
				kind: 'filing',
				since: due,
				message: `filing overdue by ${overdueBy(now - due)}`
			};
	}
	return { late: false };
}

/** "25 min", "3 h 10 min", "2 d 4 h". */
export function overdueBy(ms: number): string {
	const minutes = Math.max(0, Math.floor(ms / MINUTE));
	if (ms < HOUR) return `${minutes} min`;
	if (ms < DAY) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
	return `${Math.floor(ms / DAY)} d ${Math.floor((ms % DAY) / HOUR)} h`;
}
