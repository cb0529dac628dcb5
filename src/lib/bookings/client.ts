/**
 * The browser's side of the bookings API: where a booking could move, moving it, cancelling it
 * and recording how it went, through the app's one JSON client ($lib/http/client.ts).
 */
import { ukDate, weekdayDate } from '$lib/format/date';
import type { MoveCandidates } from '$lib/contracts/bookings/move';
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

export const requestOutcome = (bookingId: number, outcome: { code: DayOutcome; note?: string }) =>
	call<OutcomeRecorded>(`/api/bookings/${bookingId}/outcome`, outcome);
