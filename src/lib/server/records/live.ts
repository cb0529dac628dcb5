/**
 * The records, summarising and validation writers' changes, published on the change bus
 * (../changes.ts) after they commit; the bus tells rooms, dashboards and sockets. They do not
 * wait for the readers (publish never fails); a writer that must answer only once rooms have
 * reloaded awaits `publish` itself.
 */
import type { SummarisingChange } from '../../contracts/realtime/events';
import { publish } from '../changes';

export function announceRecords(reason: string, requestIds: number[]): void {
	if (requestIds.length === 0) return;
	void publish({ kind: 'recordsChanged', reason, requestIds });
}

export function announceSummarising(item: Omit<SummarisingChange, 'at'>): void {
	void publish({ kind: 'summarisingChanged', item });
}

export function announceValidation(reason: string, pathwayIds: number[]): void {
	void publish({ kind: 'validationChanged', reason, pathwayIds });
}

/** Bookings or pathways changed: the PTL, the boards and their loaded rooms follow. */
export function announceWaitlist(
	reason: string,
	specialty: string | null,
	ids: { sessionIds?: number[]; pathwayIds?: number[] } = {}
): Promise<void> {
	return publish({
		kind: 'bookingsChanged',
		reason,
		specialty,
		sessionIds: ids.sessionIds ?? [],
		pathwayIds: ids.pathwayIds ?? []
	});
}
