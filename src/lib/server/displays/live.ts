/**
 * The /display socket.io namespace as routes see it. The namespace is created by server/ (outside
 * SvelteKit's bundle), so it is registered on globalThis and found here, as `realtime()` is.
 */
import type { Namespace } from 'socket.io';
import {
	displayRoom,
	type DisplayClientToServerEvents,
	type DisplayServerToClientEvents
} from '../../realtime/display';
import type { DisplayConfig } from './access';

export interface DisplaySocketData {
	display: DisplayConfig;
}

export type DisplayNamespace = Namespace<
	DisplayClientToServerEvents,
	DisplayServerToClientEvents,
	Record<string, never>,
	DisplaySocketData
>;

const KEY = Symbol.for('waitwise.displays');
type Registry = { [KEY]?: DisplayNamespace };

export function registerDisplayNamespace(ns: DisplayNamespace | undefined): void {
	(globalThis as Registry)[KEY] = ns;
}

/** Tells a display why it is being cut off, then disconnects every socket it has open. */
export function disconnectDisplay(displayId: number, message: string): void {
	const ns = (globalThis as Registry)[KEY];
	if (!ns) return;
	ns.to(displayRoom(displayId)).emit('display:revoked', { message });
	ns.in(displayRoom(displayId)).disconnectSockets(true);
}
