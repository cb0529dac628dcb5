/**
 * An office display's live state: its socket to the /display namespace, the figures last pushed,
 * which panel is showing, and whether what is shown can still be trusted. The display never gives
 * up reconnecting (a server restart or a network drop must not need someone to walk over to the
 * TV); only a refusal (revoked, not valid) stops it.
 */
import { io, type Socket } from 'socket.io-client';
import {
	DISPLAY_NAMESPACE,
	DISPLAY_REFUSALS,
	DISPLAY_STALE_AFTER_MS,
	displayDataSchema,
	isDisplayRefusal,
	type DisplayClientToServerEvents,
	type DisplayData,
	type DisplayPanelData,
	type DisplayServerToClientEvents
} from '../contracts/realtime/display';

type DisplaySocket = Socket<DisplayServerToClientEvents, DisplayClientToServerEvents>;

export type ScreenStatus = 'connecting' | 'live' | 'reconnecting' | 'refused';

/** How often the stale check and the on-screen clock look at the time. */
const TICK_MS = 1000;
/** After the server turned a connection away for a passing reason (database down), try again. */
const RETRY_MS = 5000;

export class DisplayScreen {
	data = $state.raw<DisplayData | null>(null);
	status = $state<ScreenStatus>('connecting');
	refusal = $state<string | null>(null);
	/** When the last figures arrived, in this browser's milliseconds. */
	receivedAt = $state<number | null>(null);
	now = $state(Date.now());
	#turn = $state(0);

	readonly panel: DisplayPanelData | null = $derived.by(() => {
		const panels = this.data?.panels ?? [];
		return panels.length ? panels[this.#turn % panels.length] : null;
	});
	readonly panelNumber = $derived(
		this.data?.panels.length ? (this.#turn % this.data.panels.length) + 1 : 0
	);
	/** Figures are on screen but may be out of date: disconnected, or nothing heard for too long. */
	readonly stale = $derived(
		this.data !== null &&
			this.status !== 'refused' &&
			(this.status !== 'live' ||
				this.receivedAt === null ||
				this.now - this.receivedAt > DISPLAY_STALE_AFTER_MS)
	);

	constructor(
		private readonly displayId: number,
		private readonly token: string,
		private readonly rotateSeconds: number
	) {}

	/** Connects and starts rotating; returns the cleanup. */
	start(): () => void {
		const socket: DisplaySocket = io(DISPLAY_NAMESPACE, {
			path: '/socket.io',
			transports: ['websocket'],
			auth: { displayId: this.displayId, token: this.token },
			reconnection: true,
			reconnectionAttempts: Infinity,
			reconnectionDelay: 1000,
			reconnectionDelayMax: 10_000
		});
		let retry: ReturnType<typeof setTimeout> | null = null;
		const retryLater = () => {
			if (retry || this.status === 'refused') return;
			retry = setTimeout(() => {
				retry = null;
				if (!socket.connected) socket.connect();
			}, RETRY_MS);
		};
		const refuse = (message: string) => {
			this.status = 'refused';
			this.refusal = message;
			socket.disconnect();
		};

		socket.on('connect', () => {
			this.status = 'live';
		});
		socket.on('disconnect', (reason) => {
			if (this.status === 'refused') return;
			this.status = 'reconnecting';
			// socket.io reconnects by itself except when the server ended the session on purpose.
			if (reason === 'io server disconnect') retryLater();
		});
		socket.on('connect_error', (err) => {
			if (isDisplayRefusal(err.message)) return refuse(DISPLAY_REFUSALS[err.message]);
			this.status = 'reconnecting';
			// A middleware error (the database restarting) is not retried by socket.io itself.
			if (!socket.active) retryLater();
		});
		socket.on('display:data', (raw) => {
			const parsed = displayDataSchema.safeParse(raw);
			if (!parsed.success) {
				console.error('display: figures in an unexpected shape were ignored', parsed.error);
				return;
			}
			this.data = parsed.data;
			this.receivedAt = Date.now();
		});
		socket.on('display:revoked', ({ message }) => refuse(message));

		const ticking = setInterval(() => (this.now = Date.now()), TICK_MS);
		const rotating = setInterval(() => this.#turn++, this.rotateSeconds * 1000);
		const releaseWakeLock = keepScreenOn();
		return () => {
			clearInterval(ticking);
			clearInterval(rotating);
			if (retry) clearTimeout(retry);
			releaseWakeLock();
			socket.disconnect();
		};
	}
}

/** Asks the browser not to dim or lock the screen while the display is showing (where it can). */
function keepScreenOn(): () => void {
	if (!('wakeLock' in navigator)) return () => {};
	let lock: WakeLockSentinel | null = null;
	const request = () => {
		if (document.visibilityState !== 'visible') return;
		navigator.wakeLock.request('screen').then(
			(l) => (lock = l),
			() => {}
		);
	};
	request();
	document.addEventListener('visibilitychange', request);
	return () => {
		document.removeEventListener('visibilitychange', request);
		void lock?.release();
	};
}
