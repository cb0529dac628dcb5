/**
 * Job plans (weekly session templates) and the sessions they generate: the reports the command
 * line's `--json`, the page's form actions and the tests share.
 */
import type { SessionKind } from '../../../db/schema';

export interface JobPlanRejection {
	/** The row's line in the file; the header is line 1. */
	line: number;
	/** The row's template_code, as the file gives it ('' when it has none). */
	template: string;
	reasons: string[];
}

export interface JobPlanImportReport {
	rows: number;
	accepted: number;
	rejected: JobPlanRejection[];
	created: number;
	updated: number;
	unchanged: number;
}

export type GeneratedAction = 'create' | 'update' | 'unchanged' | 'kept-booked';

export interface GeneratedSession {
	date: string;
	template: string;
	kind: SessionKind;
	site: string;
	specialtyCode: string;
	startTime: string;
	endTime: string;
	action: GeneratedAction;
}

export interface SessionGenerationReport {
	from: string;
	to: string;
	created: number;
	updated: number;
	unchanged: number;
	/** Sessions the templates would change that have bookings: never touched. */
	keptBooked: number;
	/** Template dates that fall on the trust's bank holidays: no session. */
	skippedHolidays: { date: string; template: string }[];
	/** Sessions created or updated, per week (its Monday) and site. */
	byWeek: { week: string; site: string; sessions: number }[];
	/** Every template date in the range, by date then template (at most LISTED_SESSIONS). */
	sessions: GeneratedSession[];
	/** How many dates `sessions` leaves out. */
	more: number;
}

export interface SessionTemplateView {
	id: number;
	code: string;
	kind: SessionKind;
	site: string;
	location: string | null;
	specialtyCode: string;
	consultant: string | null;
	weekday: number;
	startTime: string;
	endTime: string;
	bookableMinutes: number;
	slotMinutes: number | null;
	slotTypes: string[];
	validFrom: string;
	validTo: string | null;
	everyWeeks: number;
	sessions: number;
}
