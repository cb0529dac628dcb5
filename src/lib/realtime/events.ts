/**
 * The socket.io wire protocol, imported by both ends (STYLE.md rule 9). Server-to-client events
 * carry only what changed; clients refetch through HTTP when they need the data itself.
 */
export interface ServerToClientEvents {
	/** Pathways, bookings or sessions changed: lists showing them should refresh. */
	'waitlist:changed': (change: { specialty: string | null; reason: string; at: string }) => void;
}

export type ClientToServerEvents = Record<string, never>;

export interface SocketData {
	userId: number;
	role: string;
}

/** Rooms a socket joins on connection, so events can go to the roles that may see them. */
export const roleRoom = (role: string) => `role:${role}`;
