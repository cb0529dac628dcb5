/**
 * The change bus: every write path announces what it changed once, as one typed `Change`, after
 * its transaction commits; the readers that follow changes subscribe here instead of being
 * called by each writer (STYLE.md, "writers publish, readers subscribe"). The standing readers are
 * listed in one place, `standing()` below: loaded board rooms refresh their reference data,
 * dashboards mark their figures stale, and socket.io tells the browsers watching.
 *
 * Several instances (multi-instance mode): `publish` also sends the change on the cluster's
 * `changes` channel (Redis pub/sub), and every other instance hands it to its readers. Not to
 * all of them: the socket.io reader runs on the publishing instance only, because its emits go
 * through the Redis adapter to the browsers on every instance already; run on each instance it
 * would reach every browser once per instance. The events carry ids only, so they serialise.
 * A change sent while Redis is unreachable, or while an instance's subscription is down, is not
 * replayed (pub/sub): when an instance's subscription comes back it takes everything as changed,
 * so its dashboards recompute and its loaded rooms reload their reference data.
 */
import type { SummarisingChange } from '../contracts/realtime/events';
import type { Cluster } from './cluster/redis';
import { relay } from './cluster/relay';
import { dashboardsFollow } from './dashboards/live';
import { socketsFollow } from './changeBroadcasts';
import { logFailure } from './log';
import { roomsFollow } from './planner/room';

export type Change =
	/** Live bookings were made, moved or cancelled outside a board (PTL, validation). */
	| {
			kind: 'bookingsChanged';
			reason: string;
			specialty: string | null;
			/** Sessions whose bookings changed, when the writer knows them. */
			sessionIds: number[];
			pathwayIds: number[];
	  }
	/** A board's allocations became bookings. */
	| {
			kind: 'boardConfirmed';
			boardId: number;
			specialty: string | null;
			sessionIds: number[];
			pathwayIds: number[];
	  }
	/** A board's draft (allocations or confirmations) changed. */
	| { kind: 'boardEdited'; boardId: number }
	/** Case-note requests changed. */
	| { kind: 'recordsChanged'; reason: string; requestIds: number[] }
	| { kind: 'summarisingChanged'; item: Omit<SummarisingChange, 'at'> }
	/** A validation outcome or task was recorded or reassigned. */
	| { kind: 'validationChanged'; reason: string; pathwayIds: number[] };

/** A reader; a returned promise is awaited by `publish`'s caller, its failure only logged. */
export type Subscriber = (change: Change) => void | Promise<void>;

interface Reader {
	read: Subscriber;
	/** Runs on every instance; otherwise on the publishing instance alone. */
	everyInstance: boolean;
}

/** The readers every change reaches, in the order they hear it. */
function standing(): Reader[] {
	// a function, not a constant: the modules import this one back (they publish too)
	return [
		{ read: roomsFollow, everyInstance: true },
		{ read: dashboardsFollow, everyInstance: true },
		// its socket.io events reach every instance's browsers through the Redis adapter
		{ read: socketsFollow, everyInstance: false }
	];
}

/** Changes between instances; the shape is ours (same prefix, same release), so a kind suffices. */
const changes = relay('changes', (message): message is Change => {
	const kind = (message as Partial<Change> | null)?.kind;
	return typeof kind === 'string';
});

/**
 * Announces a committed change. Resolves once every reader here has taken it in (rooms have
 * reloaded what they show); a reader's failure is logged and never fails the write that already
 * happened. Other instances hear it through Redis, without the write waiting for them.
 */
export async function publish(change: Change): Promise<void> {
	changes.send(change);
	await deliver(
		change,
		standing().map((r) => r.read)
	);
}

/** Hands the changes other instances publish to this one's readers; returns the unsubscribe. */
export function followClusterChanges(instances: Cluster): () => void {
	const here = standing()
		.filter((r) => r.everyInstance)
		.map((r) => r.read);
	const unfollow = changes.follow(instances, (change) => void deliver(change, here));
	const unwatch = instances.onResubscribed(() => {
		for (const change of EVERYTHING) void deliver(change, here);
	});
	return () => {
		unfollow();
		unwatch();
	};
}

/** What an instance assumes changed while it could not hear the others. */
const MISSED = 'changes from other instances may have been missed while Redis was unreachable';
const EVERYTHING: Change[] = [
	{ kind: 'bookingsChanged', reason: MISSED, specialty: null, sessionIds: [], pathwayIds: [] },
	{ kind: 'recordsChanged', reason: MISSED, requestIds: [] }
];

async function deliver(change: Change, readers: Subscriber[]): Promise<void> {
	const heard = readers.map(async (subscriber) => {
		try {
			await subscriber(change);
		} catch (err) {
			logFailure('a change reader failed', { change: change.kind }, err);
		}
	});
	await Promise.all(heard);
}
