/**
 * Tells the browsers watching that something changed: the socket.io reader of the change bus
 * (changes.ts). Payloads carry ids, never patient data, and go only to the roles that work (or
 * supervise) each queue, as the access table says; waiting-list changes go to everyone signed in
 * (the PTL and boards refetch what they may see).
 */
import type { Change } from './changes';
import { realtime, roomsFor } from './realtime';

const RECORDS_ROOMS = roomsFor('records:changed');
const SUMMARISING_ROOMS = roomsFor('summarising:changed');
const VALIDATION_ROOMS = roomsFor('validation:changed');

export function socketsFollow(change: Change): void {
	const io = realtime();
	if (!io) return;
	const at = new Date().toISOString();
	switch (change.kind) {
		case 'bookingsChanged':
			io.emit('waitlist:changed', { specialty: change.specialty, reason: change.reason, at });
			return;
		case 'boardConfirmed':
			io.emit('waitlist:changed', { specialty: change.specialty, reason: 'booked', at });
			return;
		case 'recordsChanged': {
			const { kind: _kind, ...records } = change;
			io.to(RECORDS_ROOMS).emit('records:changed', { ...records, at });
			return;
		}
		case 'summarisingChanged':
			io.to(SUMMARISING_ROOMS).emit('summarising:changed', { ...change.item, at });
			return;
		case 'validationChanged': {
			const { kind: _kind, ...validation } = change;
			io.to(VALIDATION_ROOMS).emit('validation:changed', { ...validation, at });
			return;
		}
		case 'boardEdited':
			// the board's own websocket carries its edits
			return;
	}
}
