import { openSocket } from '../realtime/socket';
import { noun } from '../format/plural';
import type { ServerToClientEvents } from '../contracts/realtime/events';

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

const WORK_NAMES = {
	request: 'case-note request',
	summary: 'summarising item',
	validation: 'validation task'
};

/**
 * Tells `show` when someone takes over work this person holds (sent to their own socket room
 * only). Returns the cleanup, for onMount.
 */
export function onTakenOver(show: (message: string) => void): () => void {
	const socket = openSocket();
	socket.on('work:taken-over', (t) => {
		const what = `${noun(t.ids.length, WORK_NAMES[t.kind])} ${t.ids.join(', ')}`;
		show(`${t.by.name} has taken over your ${what}.`);
	});
	return () => socket.close();
}
