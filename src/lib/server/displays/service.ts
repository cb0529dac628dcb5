/**
 * The display service: the /display socket.io namespace. A display connects with `{ displayId,
 * token }` in the handshake, joins its own room and is sent its panels at once, after every
 * dashboard change (debounced upstream) and at least every DISPLAY_REFRESH_MS, so a display that
 * hears nothing can tell its figures are stale. Figures are worked out once per scope per change
 * however many displays show them.
 */
import type { Server } from 'socket.io';
import { database } from '../../../../db';
import { socketEntry } from '../../access';
import { trustToday } from '../trustCalendar';
import {
	DISPLAY_NAMESPACE,
	DISPLAY_REFRESH_MS,
	DISPLAY_REFUSALS,
	displayAuthSchema,
	displayRoom,
	type DisplayData
} from '../../contracts/realtime/display';
import { onDashboardsChanged } from '../dashboards/live';
import {
	activeDisplayIds,
	markDisplaysSeen,
	verifyDisplayToken,
	type DisplayConfig
} from './access';
import { disconnectDisplay, registerDisplayNamespace, type DisplayNamespace } from './live';
import { displayData, type FigureCache } from './panels';
import { logFailure } from '../log';

export interface DisplayService {
	/** Works out and sends every connected display's figures now (tests, after a change). */
	refresh(): Promise<void>;
	close(): void;
}

export function attachDisplays(io: Server): DisplayService {
	const ns = io.of(DISPLAY_NAMESPACE) as unknown as DisplayNamespace;
	/** Figures by scope, valid until the next change or refresh; shared by displays and connects. */
	let cache: FigureCache = new Map();

	// The access table says a display token, and only that, opens this namespace.
	const connect = socketEntry(DISPLAY_NAMESPACE, 'connect');
	ns.use((socket, next) => {
		if (connect?.who !== 'display-token') return next(new Error('invalid'));
		const auth = displayAuthSchema.safeParse(socket.handshake.auth);
		if (!auth.success) return next(new Error('invalid'));
		database()
			.then(({ db }) => verifyDisplayToken(db, auth.data.displayId, auth.data.token))
			.then((verdict) => {
				if (!verdict.ok) return next(new Error(verdict.refusal));
				socket.data.display = verdict.display;
				next();
			})
			// The database is down (a restart): not a refusal, so the display keeps trying.
			.catch(() => next(new Error('unavailable')));
	});

	ns.on('connection', (socket) => {
		const display = socket.data.display;
		void socket.join(displayRoom(display.id));
		void (async () => {
			const { db } = await database();
			await markDisplaysSeen(db, [display.id]);
			socket.emit('display:data', await figuresFor(display));
		})().catch((err: unknown) =>
			logFailure('first display figures failed', { displayId: display.id }, err)
		);
	});

	async function figuresFor(display: DisplayConfig): Promise<DisplayData> {
		const { db } = await database();
		return displayData(db, display, await trustToday(db), cache);
	}

	// Each instance pushes to the displays connected to it (`local`): every instance hears every
	// dashboard change (changes.ts), so each display is sent its figures once, by its own instance.
	async function pushAll(): Promise<void> {
		cache = new Map();
		const sockets = await ns.local.fetchSockets();
		const connected = new Map(sockets.map((s) => [s.data.display.id, s.data.display]));
		if (connected.size === 0) return;
		const { db } = await database();
		// A revocation is announced to every instance (displays/live.ts); should one be missed (a
		// Redis outage), the display is still cut off within a refresh.
		const active = await activeDisplayIds(db, [...connected.keys()]);
		for (const id of connected.keys()) {
			if (!active.has(id)) disconnectDisplay(id, DISPLAY_REFUSALS.revoked);
		}
		await markDisplaysSeen(db, [...active]);
		for (const id of active) {
			ns.local.to(displayRoom(id)).emit('display:data', await figuresFor(connected.get(id)!));
		}
	}

	// One push at a time, and at most one waiting behind it: a burst of changes is one more push.
	let chain: Promise<void> = Promise.resolve();
	let queued: Promise<void> | null = null;
	function refresh(): Promise<void> {
		queued ??= chain.then(() => {
			queued = null;
			return pushAll().catch((err: unknown) => logFailure('display refresh failed', {}, err));
		});
		chain = queued;
		return queued;
	}

	const unsubscribe = onDashboardsChanged(() => void refresh());
	const timer = setInterval(() => void refresh(), DISPLAY_REFRESH_MS);
	timer.unref();
	registerDisplayNamespace(ns);

	return {
		refresh,
		close() {
			clearInterval(timer);
			unsubscribe();
			registerDisplayNamespace(undefined);
			// this instance's displays only (with the Redis adapter a plain call reaches every instance)
			ns.local.disconnectSockets(true);
		}
	};
}
