/**
 * The browser's side of the bookings API: where a booking could move, moving it and cancelling
 * it. Every call answers either the server's JSON or the server's reason in words, ready to show.
 */
import { calendarDate } from '$lib/records/format';
import type { MoveCandidates } from '$lib/contracts/bookings/move';

export type Answer<T> = { ok: true; data: T } | { ok: false; error: string };

/** The patient a booking dialog acts for, as the PTL row shows them. */
export interface BookedPatient {
	bookingId: number;
	name: string;
	bookedDate: string | null;
}

/** "Tue 8 Dec (2026-12-08)": the weekday for people, the ISO date the PTL shows. */
export const sessionDay = (date: string) => `${calendarDate(date)} (${date})`;

async function call<T>(path: string, body?: unknown): Promise<Answer<T>> {
	let res: Response;
	try {
		res = await fetch(
			path,
			body === undefined
				? undefined
				: {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(body)
					}
		);
	} catch {
		return { ok: false, error: 'Could not reach the server. Check the connection and try again.' };
	}
	const json = (await res.json().catch(() => null)) as {
		message?: unknown;
		errorId?: unknown;
	} | null;
	if (res.ok) return { ok: true, data: json as T };
	// Every error answer is { message }, with an errorId for the unexpected (the person quotes it).
	const reason = json?.message;
	const text = typeof reason === 'string' ? reason : `The server answered ${res.status}`;
	return { ok: false, error: json?.errorId ? `${text} (reference ${String(json.errorId)})` : text };
}

export const fetchMoveCandidates = (bookingId: number) =>
	call<MoveCandidates>(`/api/bookings/${bookingId}/move-candidates`);

export const requestMove = (bookingId: number, move: { sessionId: number; startTime?: string }) =>
	call<{ bookingId: number; sessionId: number; requestIds: number[] }>(
		`/api/bookings/${bookingId}/move`,
		move
	);

export const requestCancel = (bookingId: number, reason: string) =>
	call<{ bookingId: number; withdrawn: number[]; stillOut: number[] }>(
		`/api/bookings/${bookingId}/cancel`,
		{ reason }
	);
