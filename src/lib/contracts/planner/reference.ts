/**
 * The board's reference data, as the server sends it and the conflict checks read it. Roles
 * without patient data (managers) get each pathway as a `WatchedPathway`: what capacity,
 * priorities and waits need, nothing that names the patient or dates their pathway.
 */
import type { WaitRisk } from '../../domain/risk';

export interface BoardInfo {
	id: number;
	name: string;
	specialty: string;
	specialtyName: string;
	horizon: { start: string; end: string };
}

export interface BoardSession {
	id: number;
	date: string;
	start: string;
	end: string;
	/** Bookable minutes. */
	minutes: number;
	kind: 'clinic' | 'theatre';
	clinicianId: number | null;
	clinicianName: string | null;
	slotTypes: string[] | null;
	slotMinutes: number | null;
	site: string;
}

export interface BoardPathway {
	id: number;
	name: string;
	nhsLast4: string;
	/** With the age on the census date and the hospital number: same-name patients told apart. */
	dateOfBirth: string;
	age: number;
	hospitalNumber: string | null;
	listType: string;
	procedure: string | null;
	priority: string | null;
	priorityDue: string | null;
	clockStart: string;
	daysWaited: number;
	weekBand: number;
	rttDeadline: string;
	minutes: number;
	slotType: string | null;
	clinicianId: number | null;
	unavailable: { from: string; to: string }[];
	/** A live booking made outside this board (not movable here). */
	bookedSessionId: number | null;
}

export interface BoardClinician {
	id: number;
	name: string;
	maxMinutesPerDay: number | null;
}

export interface BoardReference {
	board: BoardInfo;
	sessions: BoardSession[];
	pathways: BoardPathway[];
	clinicians: BoardClinician[];
	census: string;
}

/** What identifies the patient or dates their pathway: sent only to roles allowed patient data. */
export const PATIENT_FIELDS = [
	'name',
	'nhsLast4',
	'dateOfBirth',
	'age',
	'hospitalNumber',
	'procedure',
	'priorityDue',
	'clockStart',
	'daysWaited',
	'rttDeadline',
	'unavailable'
] as const satisfies readonly (keyof BoardPathway)[];
export type PatientField = (typeof PATIENT_FIELDS)[number];

/** A pathway as every board watcher sees it, with its risk colour worked out on the server. */
export type WatchedPathway = Omit<BoardPathway, PatientField> & { risk: WaitRisk };

/** A pathway as a client holds it: with the patient (planners) or without (watchers). */
export type ShownPathway = WatchedPathway & Partial<Pick<BoardPathway, PatientField>>;

/** The board as the page and `GET /api/boards/<id>` send it. */
export interface BoardView extends Omit<BoardReference, 'pathways'> {
	pathways: ShownPathway[];
}

/** How the screen names a patient: their name, or (without patient data) an id and priority. */
export function patientName(p: ShownPathway): string {
	return p.name ?? `Patient #${p.id} (${p.priority ?? 'no priority'})`;
}

/** As `patientName`, with the NHS number's last four digits when they may be shown. */
export function patientLabel(p: ShownPathway): string {
	return p.nhsLast4 ? `${patientName(p)} (…${p.nhsLast4})` : patientName(p);
}
