/** Booking an unbooked pathway from the PTL, and the offer it records, as the Book dialog sees it. */
import type { SessionKind } from '../../../../db/schema';
import type { OfferMethod, OfferOutcome } from '../../domain/offers';
import type { CandidateSession } from './move';

export interface BookCandidates {
	pathway: {
		id: number;
		kind: SessionKind;
		specialty: string;
		minutes: number;
	};
	/** The trust's today: an offer made today is reasonable for a date 21 days on or later. */
	today: string;
	/** Soonest first. */
	sessions: CandidateSession[];
	/** More sessions would fit than `sessions` lists. */
	more: boolean;
}

export interface BookRequest {
	sessionId: number;
	startTime?: string;
	method: OfferMethod;
	outcome: OfferOutcome;
	/** When the offer was made (ISO date); today when left out. */
	offeredOn?: string;
}

export interface BookResult {
	offerId: number;
	outcome: OfferOutcome;
	reasonable: boolean;
	/** The booking an accepted offer made; null for a declined one. */
	bookingId: number | null;
	sessionId: number;
	date: string;
	requestIds: number[];
	/** The pathway's declined reasonable offers now call for clinical review. */
	clinicalReview: boolean;
}
