/**
 * The process's live services and shared in-memory state, in one typed map.
 *
 * Why one object on globalThis: server/ and SvelteKit's bundle (in dev, Vite's SSR module graph)
 * load separate copies of every module, yet both must reach the same socket.io server, the same
 * board rooms, the same optimiser. Module-level variables would give each copy its own. Every
 * entry is one service or one piece of state, so moving an entry elsewhere (Redis, for state that
 * several instances must share) changes its accessor alone.
 */
import type { OpenDatabase } from '../../../db';
import type { Cluster } from './cluster/redis';
import type { LiveState as DashboardsLive } from './dashboards/live';
import type { DisplayNamespace } from './displays/live';
import type { BoardLog } from './planner/boardLog';
import type { OptimiserService } from './planner/optimiserService';
import type { BoardRoom } from './planner/room';
import type { WriteAheadLog } from './planner/writeAheadLog';
import type { RealtimeServer } from './realtime';
import type { SessionsEnded } from './sessionEvents';

export interface Services {
	/** Redis and the instances' pub/sub, in multi-instance mode only (cluster/redis.ts). */
	cluster: Cluster;
	/** The socket.io server (created by server/realtime.ts). */
	realtime: RealtimeServer;
	/** The office displays' socket.io namespace. */
	displays: DisplayNamespace;
	/** The optimiser's jobs: its worker pool, or the queue in multi-instance mode (server/optimiser.ts). */
	optimiser: OptimiserService;
	/** Loaded live boards, by board id. */
	boardRooms: Map<number, BoardRoom>;
	/** Multi-instance mode: boards whose lease is being taken and room loaded, by board id. */
	boardRoomsTaking: Map<number, Promise<BoardRoom>>;
	/** The boards' update logs that are open. */
	boardLogs: Set<BoardLog>;
	/** The local write-ahead log replay running for each database. */
	walReplays: WeakMap<OpenDatabase, Promise<void>>;
	/** The local write-ahead log of each database. */
	writeAheadLogs: WeakMap<OpenDatabase, WriteAheadLog>;
	/** Dashboard figure caches, by cache name, then by database. */
	figureCaches: Map<string, WeakMap<object, Map<string, unknown>>>;
	/** Dashboard changes waiting to be announced. */
	dashboardsLive: DashboardsLive;
	/** Who hears that sessions have ended. */
	sessionsEndedListeners: Set<(event: SessionsEnded) => void>;
	/** Sessions with open connections here, with how many. */
	liveSessions: Map<string, number>;
}

const KEY = Symbol.for('waitwise.services');

function registry(): Partial<Services> {
	const g = globalThis as { [KEY]?: Partial<Services> };
	return (g[KEY] ??= {});
}

/** A service when it runs in this process (none do in scripts and most unit tests). */
export function registered<K extends keyof Services>(name: K): Services[K] | undefined {
	return registry()[name];
}

/** Registers a service, or removes it (undefined) when it stops. */
export function register<K extends keyof Services>(
	name: K,
	service: Services[K] | undefined
): void {
	registry()[name] = service;
}

/** Shared state, created on first use. */
export function shared<K extends keyof Services>(name: K, create: () => Services[K]): Services[K] {
	const all = registry();
	return (all[name] ??= create()) as Services[K];
}
