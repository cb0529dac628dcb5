/**
 * The live board's Y.Doc layout, shared by the browser and the server.
 *
 * - `allocations` (Y.Map keyed by pathway id): the working draft. Keyed by pathway, so a patient
 *   is in one place at most by construction. Written by coordinators.
 * - `conflicts` (Y.Map keyed by conflict id): hard-rule violations and concurrent moves. Written
 *   only by the server; a client's write to it is reverted.
 * - `confirmed` (Y.Map keyed by pathway id): allocations turned into bookings. Written only by
 *   the server; the matching allocations are locked.
 * - `notes` (Y.Map keyed by pathway id): coordinators' planning notes, plain strings of at most
 *   MAX_NOTE_LENGTH characters.
 *
 * Nothing else is accepted: no other top-level type, no nested types, no other value shapes
 * (the server checks every update: server/planner/docPolicy.ts).
 *
 * Reference data (the waiting list, the sessions) is not in the doc: it comes over HTTP.
 */
import * as Y from 'yjs';

export interface Author {
	id: number;
	name: string;
}

export interface Allocation {
	sessionId: number;
	/** Clinic slot start, HH:MM, when a coordinator chose one. */
	start?: string;
	by: Author;
	/** ISO timestamp of the edit: stamped by the server, with `by`, whatever the client wrote. */
	at: string;
	/** Pinned by a coordinator: the optimiser keeps it. */
	pinned?: boolean;
}

export const CONFLICT_KINDS = [
	'specialty',
	'slot-type',
	'clinician',
	'unavailable',
	'earliest',
	'session-minutes',
	'clinician-day',
	'concurrent-move',
	'unknown-session',
	'unknown-pathway'
] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export interface Conflict {
	kind: ConflictKind;
	/** Names no patient: they appear as `{patient:<id>}`, rendered by each client (conflicts.ts). */
	message: string;
	pathwayIds: number[];
	sessionId?: number;
	/** The coordinators involved (for concurrent moves, both of them). */
	users?: Author[];
	/** When the server first saw it. */
	since: string;
}

export interface Confirmation {
	bookingId: number;
	sessionId: number;
	by: Author;
	at: string;
}

export interface BoardDoc {
	doc: Y.Doc;
	allocations: Y.Map<Allocation>;
	conflicts: Y.Map<Conflict>;
	confirmed: Y.Map<Confirmation>;
	notes: Y.Map<string>;
}

export function boardDoc(doc: Y.Doc): BoardDoc {
	return {
		doc,
		allocations: doc.getMap<Allocation>('allocations'),
		conflicts: doc.getMap<Conflict>('conflicts'),
		confirmed: doc.getMap<Confirmation>('confirmed'),
		notes: doc.getMap<string>('notes')
	};
}

/** The doc's only top-level types: an update that writes anything else is refused. */
export const BOARD_MAPS = ['allocations', 'conflicts', 'confirmed', 'notes'] as const;

/** Maps only the server writes. */
export const SERVER_OWNED = ['conflicts', 'confirmed'] as const;

/** A planning note is a plain string of at most this many characters. */
export const MAX_NOTE_LENGTH = 1000;

/** Awareness state each client publishes; the server overwrites `user` with who they really are. */
export interface Presence {
	user: Author & { role: string; colour: string };
	/** What the user is looking at: a session id, or a week start. */
	viewing?: string | null;
	/** The patient they have picked up (keyboard or drag), not yet placed. */
	holding?: number | null;
}

export const USER_COLOURS = [
	'#005eb8',
	'#007f3b',
	'#7c2855',
	'#ed8b00',
	'#330072',
	'#00a499',
	'#ae2573',
	'#8a1538'
];

export function colourFor(userId: number): string {
	return USER_COLOURS[userId % USER_COLOURS.length];
}
