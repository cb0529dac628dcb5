/**
 * The browser's side of the bookings API: where a patient could be booked or a booking moved,
 * booking (and recording the offer), moving, cancelling, recording how it went, and the
 * booking's letter, through the app's one JSON client ($lib/http/client.ts).
 */
import { ukDate, weekdayDate } from '$lib/format/date';
import type { MoveCandidates } from '$lib/contracts/bookings/move';
import type { BookCandidates, BookRequest, BookResult } from '$lib/contracts/bookings/book';
import { callJson as call } from '$lib/http/client';
import type { CancelledBy, DayOutcome } from '$lib/domain/attendance';
import type { OutcomeRecorded } from '$lib/contracts/bookings/outcome';

/** The patient a booking dialog acts for, as the PTL row shows them. */
export interface BookedPatient {
	bookingId: number;
	name: string;
	bookedDate: string | null;
}

/** "Tue 8 Dec (08/12/2026)": the weekday for people, the date as the PTL shows it. */
export const sessionDay = (date: string) => `${weekdayDate(date)} (${ukDate(date)})`;

export const fetchMoveCandidates = (bookingId: number) =>
	call<MoveCandidates>(`/api/bookings/${bookingId}/move-candidates`);

export const requestMove = (bookingId: number, move: { sessionId: number; startTime?: string }) =>
	call<{ bookingId: number; sessionId: number; requestIds: number[] }>(
		`/api/bookings/${bookingId}/move`,
		move
	);

export const requestCancel = (
	bookingId: number,
	cancellation: { by: CancelledBy; reason: string; note?: string }
) =>
	call<{ bookingId: number; withdrawn: number[]; stillOut: number[] }>(
		`/api/bookings/${bookingId}/cancel`,
		cancellation
	);

/** An unbooked patient the Book dialog offers a date to, as the PTL row shows them. */
export interface UnbookedPatient {
	pathwayId: number;
	name: string;
}

export const fetchBookCandidates = (pathwayId: number) =>
	call<BookCandidates>(`/api/pathways/${pathwayId}/book-candidates`);

export const requestBook = (pathwayId: number, offer: BookRequest) =>
	call<BookResult>(`/api/pathways/${pathwayId}/book`, offer);

export const requestLetterSent = (bookingId: number, sentOn?: string) =>
	call<{ letterId: number; sentOn: string }>(
		`/api/bookings/${bookingId}/letter-sent`,
		sentOn ? { sentOn } : {}
	);

export const requestOutcome = (bookingId: number, outcome: { code: DayOutcome; note?: string }) =>
	call<OutcomeRecorded>(`/api/bookings/${bookingId}/outcome`, outcome);
