/** The board's reference data, as the server sends it and the conflict checks read it. */
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
