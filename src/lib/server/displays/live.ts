/**
 * The /display socket.io namespace as routes see it. The namespace is created by server/ (outside
 * SvelteKit's bundle), so it is in the services registry and found here, as `realtime()` is.
 */
import type { Namespace } from 'socket.io';
import {
	displayRoom,
	type DisplayClientToServerEvents,
	type DisplayServerToClientEvents
} from '../../contracts/realtime/display';
import { register, registered } from '../registry';
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

export function registerDisplayNamespace(ns: DisplayNamespace | undefined): void {
	register('displays', ns);
}

/**
 * Tells a display why it is being cut off, then disconnects every socket it has open. In
 * multi-instance mode both go through the socket.io Redis adapter, in order, so they reach the
 * display on whichever instance it is connected to.
 */
export function disconnectDisplay(displayId: number, message: string): void {
	const ns = registered('displays');
	if (!ns) return;
	ns.to(displayRoom(displayId)).emit('display:revoked', { message });
	ns.in(displayRoom(displayId)).disconnectSockets(true);
}
