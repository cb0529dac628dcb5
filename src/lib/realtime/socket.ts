import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../contracts/realtime/events';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io connection for one page; the sign-in cookie authenticates it. Close it on destroy. */
export function openSocket(): RealtimeSocket {
	const socket: RealtimeSocket = io({
		path: '/socket.io',
		transports: ['websocket'],
		withCredentials: true
	});
	// The server closes a socket when its session ends or its role changes. Reconnect: under a new
	// role that works; a session that has ended is refused, and the page goes to sign-in rather
	// than leave patient data on an unattended screen.
	socket.on('disconnect', (reason) => {
		if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 250);
	});
	socket.on('connect_error', (err) => {
		if (!err.message.startsWith('unauthorised')) return;
		socket.close();
		const next = `${location.pathname}${location.search}`;
		location.assign(`/login?next=${encodeURIComponent(next)}`);
	});
	return socket;
}

/**
 * Calls `refresh` (at most once per `waitMs`) whenever the waiting list changes for `specialty`
 * (or for any specialty when it is null). Returns the cleanup.
 */
export function onWaitlistChange(
	specialty: string | null,
	refresh: () => void,
	waitMs = 500
): () => void {
	const socket = openSocket();
	let timer: ReturnType<typeof setTimeout> | null = null;
	socket.on('waitlist:changed', (change) => {
		if (specialty && change.specialty && change.specialty !== specialty) return;
		if (timer) return;
		timer = setTimeout(() => {
			timer = null;
			refresh();
		}, waitMs);
	});
	return () => {
		if (timer) clearTimeout(timer);
		socket.close();
	};
}
