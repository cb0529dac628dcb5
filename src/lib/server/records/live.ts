/**
 * Tells the people working records, summarising and validation that something changed, after
 * the change has committed. Payloads carry ids, never patient data, and go only to the roles that
 * work (or supervise) each queue.
 */
import type { RecordsChange, SummarisingChange } from '../../contracts/realtime/events';
import { markDashboardsStale } from '../dashboards/live';
import { realtime, roomsFor } from '../realtime';

const RECORDS_ROOMS = roomsFor('records:changed');
const SUMMARISING_ROOMS = roomsFor('summarising:changed');
const VALIDATION_ROOMS = roomsFor('validation:changed');

export function announceRecords(reason: string, requestIds: number[]): void {
	if (requestIds.length === 0) return;
	const change: RecordsChange = { requestIds, reason, at: new Date().toISOString() };
	markDashboardsStale('records');
	realtime()?.to(RECORDS_ROOMS).emit('records:changed', change);
}

export function announceSummarising(change: Omit<SummarisingChange, 'at'>): void {
	markDashboardsStale('records');
	realtime()
		?.to(SUMMARISING_ROOMS)
		.emit('summarising:changed', { ...change, at: new Date().toISOString() });
}

export function announceValidation(reason: string, pathwayIds: number[]): void {
	realtime()
		?.to(VALIDATION_ROOMS)
		.emit('validation:changed', { pathwayIds, reason, at: new Date().toISOString() });
}

/** Bookings or pathways changed: the PTL and boards refresh (the same event confirm sends). */
export function announceWaitlist(reason: string, specialty: string | null): void {
	markDashboardsStale('waitlist');
	realtime()?.emit('waitlist:changed', { specialty, reason, at: new Date().toISOString() });
}
