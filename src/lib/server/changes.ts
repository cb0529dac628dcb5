/**
 * The change bus: every write path announces what it changed once, as one typed `Change`, after
 * its transaction commits; the readers that follow changes subscribe here instead of being
 * called by each writer (STYLE.md, "writers publish, readers subscribe"). The standing readers are
 * listed in one place, `standing()` below: loaded board rooms refresh their reference data,
 * dashboards mark their figures stale, and socket.io tells the browsers watching.
 *
 * Delivery is in-process today. `publish` is the one way in, so carrying changes between
 * instances (Redis pub/sub) means sending each change there and handing what arrives to the
 * standing readers on every instance; the events carry ids only, so they serialise.
 */
import type { SummarisingChange } from '../contracts/realtime/events';
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

/** The readers every change reaches, in the order they hear it. */
function standing(): Subscriber[] {
	// a function, not a constant: the modules import this one back (they publish too)
	return [roomsFollow, dashboardsFollow, socketsFollow];
}

/**
 * Announces a committed change. Resolves once every reader has taken it in (rooms have reloaded
 * what they show); a reader's failure is logged and never fails the write that already happened.
 */
export async function publish(change: Change): Promise<void> {
	const heard = standing().map(async (subscriber) => {
		try {
			await subscriber(change);
		} catch (err) {
			logFailure('a change reader failed', { change: change.kind }, err);
		}
	});
	await Promise.all(heard);
}
