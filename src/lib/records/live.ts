import { openSocket } from '../realtime/socket';
import type { ServerToClientEvents } from '../realtime/events';

type EventName = keyof ServerToClientEvents;

/**
 * Calls `refresh` (at most once per `waitMs`) when any of `events` arrives: worklists refetch
 * through HTTP rather than trusting the event. Returns the cleanup, for onMount.
 */
export function onLiveChange(
	events: readonly EventName[],
	refresh: () => void,
	waitMs = 500
): () => void {
	const socket = openSocket();
	let timer: ReturnType<typeof setTimeout> | null = null;
	const schedule = () => {
		if (timer) return;
		timer = setTimeout(() => {
			timer = null;
			refresh();
		}, waitMs);
	};
	for (const name of events) socket.on(name, schedule);
	return () => {
		if (timer) clearTimeout(timer);
		socket.close();
	};
}
