/** Where a booking could move, as the move dialog shows it. */
import type { SessionKind } from '../../../../db/schema';

export interface CandidateSession {
	id: number;
	date: string;
	/** "09:00" */
	startTime: string;
	endTime: string;
	clinician: string | null;
	site: string;
	freeMinutes: number;
}

export interface MoveCandidates {
	booking: {
		id: number;
		sessionId: number;
		date: string;
		kind: SessionKind;
		specialty: string;
		minutes: number;
	};
	/** Soonest first. */
	sessions: CandidateSession[];
	/** More sessions would fit than `sessions` lists. */
	more: boolean;
}
