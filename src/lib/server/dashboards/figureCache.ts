/**
 * Dashboard figures computed once per change: everyone watching refetches on `dashboard:changed`
 * at the same moment, and a set of filters costs one computation however many ask. An entry is
 * good for the dashboard version it was started in (read before the queries run, so figures
 * computed across a change are never kept for the version after it) and for `ttlMs`, since ages
 * and "today" move with the clock even when nothing changes. A failed computation is not kept.
 *
 * Several instances: each keeps its own cache, invalidated by its own dashboard version, which
 * moves on every instance after every change (live.ts hears them all through the change bus).
 * A cache in Redis would save each instance one computation per change, at the price of
 * serialising figures (dates, maps) and of a shared version's race with the queries; per
 * instance is as correct and simpler, and the figures stay in memory next to the readers.
 */
import { shared } from '../registry';
import { dashboardVersion } from './live';

interface Entry<T> {
	version: number;
	at: number;
	value: Promise<T>;
}

export interface FigureCache<T> {
	/** Figures are per database: a process (a test run) may hold more than one. */
	get(db: object, key: string, compute: () => Promise<T>, nowMs?: number): Promise<T>;
	/** Forgets every entry (tests). */
	clear(): void;
}

export function figureCache<T>(name: string, ttlMs: number, limit: number): FigureCache<T> {
	// one map per process, shared by server/ and SvelteKit's bundle (two module instances)
	const caches = () => shared('figureCaches', () => new Map());
	const byDatabase = () => {
		let byDb = caches().get(name);
		if (!byDb) caches().set(name, (byDb = new WeakMap()));
		return byDb as WeakMap<object, Map<string, Entry<T>>>;
	};
	const entries = (db: object) => {
		let cache = byDatabase().get(db);
		if (!cache) byDatabase().set(db, (cache = new Map()));
		return cache;
	};
	return {
		get(db, id, compute, nowMs = Date.now()) {
			const cache = entries(db);
			const version = dashboardVersion();
			const hit = cache.get(id);
			if (hit && hit.version === version && nowMs - hit.at < ttlMs) return hit.value;
			const value = compute();
			cache.delete(id);
			if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
			cache.set(id, { version, at: nowMs, value });
			value.catch(() => {
				if (cache.get(id)?.value === value) cache.delete(id);
			});
			return value;
		},
		clear() {
			caches().delete(name);
		}
	};
}
