/**
 * Keeps dashboards live without a page reload: the change bus (../changes.ts) hands every change
 * to `dashboardsFollow`, which marks the scopes it touches stale; after a quiet spell (or at most `MAX_WAIT_MS` into a burst) watchers are
 * told once, with the scopes that changed. Staff pages refetch their (cached) figures; office
 * displays are pushed fresh aggregates by their own service. Payloads carry no data at all.
 *
 * Several instances: the change bus hands every change to `dashboardsFollow` on every instance
 * (changes.ts carries it over Redis), so each instance keeps this state for itself, marks the
 * same scopes stale, bumps its own `version` and tells its own watchers. Nothing here needs to be
 * in Redis: the version only has to move after each change on every instance, never to agree
 * between them.
 */
import type { Change } from '../changes';
import { realtime, roomsFor } from '../realtime';
import { logFailure } from '../log';
import { shared } from '../registry';

export type DashboardScope = 'waitlist' | 'records';

/** Quiet time before telling watchers; a burst of confirms is one refresh, not fifty. */
export const QUIET_MS = 400;
/** However busy the list, watchers hear within this long of the first change. */
export const MAX_WAIT_MS = 1500;

/** Roles that open dashboards (the office display has its own namespace). */
export const DASHBOARD_ROOMS = roomsFor('dashboard:changed');

type Listener = (scopes: ReadonlySet<DashboardScope>) => void;

export interface LiveState {
	pending: Set<DashboardScope>;
	quiet: ReturnType<typeof setTimeout> | null;
	deadline: ReturnType<typeof setTimeout> | null;
	version: number;
	listeners: Set<Listener>;
}

// One state per process, shared by server/ and SvelteKit's bundle (two module instances).
function state(): LiveState {
	return shared('dashboardsLive', () => ({
		pending: new Set(),
		quiet: null,
		deadline: null,
		version: 0,
		listeners: new Set()
	}));
}

/** Bumped on every flush: caches of dashboard figures are valid for one version. */
export function dashboardVersion(): number {
	return state().version;
}

export function markDashboardsStale(scope: DashboardScope): void {
	const s = state();
	s.pending.add(scope);
	if (s.quiet) clearTimeout(s.quiet);
	s.quiet = setTimeout(flush, QUIET_MS);
	s.deadline ??= setTimeout(flush, MAX_WAIT_MS);
}

/** The dashboards' reader of the change bus: which figures a change makes stale. */
export function dashboardsFollow(change: Change): void {
	switch (change.kind) {
		// the dashboards show what is booked, and what is planned on boards and not yet booked
		case 'bookingsChanged':
		case 'boardConfirmed':
		case 'boardEdited':
			markDashboardsStale('waitlist');
			return;
		case 'recordsChanged':
		case 'summarisingChanged':
			markDashboardsStale('records');
			return;
		case 'validationChanged':
			return;
	}
}

/** Subscribes to flushed changes (the display service); returns the unsubscribe. */
export function onDashboardsChanged(listener: Listener): () => void {
	state().listeners.add(listener);
	return () => state().listeners.delete(listener);
}

function flush(): void {
	const s = state();
	if (s.quiet) clearTimeout(s.quiet);
	if (s.deadline) clearTimeout(s.deadline);
	s.quiet = s.deadline = null;
	if (s.pending.size === 0) return;
	const scopes = new Set(s.pending);
	s.pending.clear();
	s.version++;
	// `local`: every instance hears every change and flushes for itself (see above); through the
	// Redis adapter a plain emit would reach each watcher once per instance.
	realtime()
		?.local.to(DASHBOARD_ROOMS)
		.emit('dashboard:changed', { scopes: [...scopes], at: new Date().toISOString() });
	for (const listener of s.listeners) {
		try {
			listener(scopes);
		} catch (err) {
			logFailure('dashboard listener failed', {}, err);
		}
	}
}

/** Sends anything pending now (shutdown, tests). */
export function flushDashboards(): void {
	flush();
}
