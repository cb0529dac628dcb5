import type { Server } from 'socket.io';
import { rolesOf, socketEntry } from '../access';
import { register, registered } from './registry';
import {
	roleRoom,
	type ClientToServerEvents,
	type ServerToClientEvents,
	type SocketData
} from '../contracts/realtime/events';

export type RealtimeServer = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	Record<string, never>,
	SocketData
>;

// The socket.io server is created by server/ (outside SvelteKit's bundle); routes reach it
// through the services registry rather than importing server/ code.
export function registerRealtime(io: RealtimeServer | undefined): void {
	register('realtime', io);
}

/** The running socket.io server, or undefined in contexts without one (scripts, unit tests). */
export function realtime(): RealtimeServer | undefined {
	return registered('realtime');
}

/** The role rooms a server event goes to: the roles its access-table entry names. */
export function roomsFor(event: keyof ServerToClientEvents): string[] {
	const entry = socketEntry('/', event);
	if (!entry || entry.from !== 'server') throw new Error(`${event} is not in the access table`);
	return rolesOf(entry).map(roleRoom);
}
