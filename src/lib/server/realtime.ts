import type { Server } from 'socket.io';
import type {
	ClientToServerEvents,
	ServerToClientEvents,
	SocketData
} from '../realtime/events';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

// The socket.io server is created by server/ (outside SvelteKit's bundle); routes reach it
// through this registry rather than importing server/ code.
const KEY = Symbol.for('waitwise.realtime');
type Registry = { [KEY]?: RealtimeServer };

export function registerRealtime(io: RealtimeServer | undefined): void {
	(globalThis as Registry)[KEY] = io;
}

/** The running socket.io server, or undefined in contexts without one (scripts, unit tests). */
export function realtime(): RealtimeServer | undefined {
	return (globalThis as Registry)[KEY];
}
