/**
 * The socket.io wire protocol, imported by both ends (STYLE.md rule 9). Server-to-client events
 * carry only what changed; clients refetch through HTTP when they need the data itself.
 */
import type { WorkKind } from '../records/team';

export interface ServerToClientEvents {
	/** Pathways, bookings or sessions changed: lists showing them should refresh. */
	'waitlist:changed': (change: { specialty: string | null; reason: string; at: string }) => void;
	/** The optimiser's progress on a proposal the user asked for (sent to that user only). */
	'proposal:progress': (p: {
		proposalId: string;
		boardId: number;
		fraction: number;
		message: string;
	}) => void;
	'proposal:ready': (p: { proposalId: string; boardId: number }) => void;
	'proposal:failed': (p: { proposalId: string; boardId: number; message: string }) => void;
	/** Case-note requests were raised, moved along or reassigned: worklists should refresh. */
	'records:changed': (change: RecordsChange) => void;
	/** A summarising item was claimed, returned, completed or reassigned. */
	'summarising:changed': (change: SummarisingChange) => void;
	/** Dashboard figures changed (debounced on the server): refetch the scopes named. */
	'dashboard:changed': (change: { scopes: ('waitlist' | 'records')[]; at: string }) => void;
	/** Validation tasks were recorded or reassigned. */
	'validation:changed': (change: { pathwayIds: number[]; reason: string; at: string }) => void;
	/** Someone took over work this user held (sent to that user only). */
	'work:taken-over': (t: {
		kind: WorkKind;
		ids: number[];
		by: { id: number; name: string };
		at: string;
	}) => void;
}

export interface RecordsChange {
	requestIds: number[];
	reason: string;
	at: string;
}

/** Carries no patient data: who holds which queue item, so two people never take the same one. */
export interface SummarisingChange {
	itemId: number;
	status: 'awaiting' | 'claimed' | 'completed';
	/** The summariser now holding the item, when it is claimed. */
	holder: { id: number; name: string } | null;
	at: string;
}

export type ClientToServerEvents = Record<string, never>;

export interface SocketData {
	userId: number;
	role: string;
	/** The session the socket was opened with: when it ends, the socket is closed. */
	sessionId: string;
}

/** Rooms a socket joins on connection, so events can go to the roles (or user) they are for. */
export const roleRoom = (role: string) => `role:${role}`;
export const userRoom = (userId: number) => `user:${userId}`;
