/**
 * Fault injection for a real database: a wrapper over an open PGlite or PostgreSQL whose queries
 * fail (`'fail'`, as when PostgreSQL is stopped) or wait (`'hang'`, as when the network holds a
 * connection open) while an outage is on. Outside an outage every query goes to the real database,
 * so what the app writes is really there; this is not a mock.
 */
import type { OpenDatabase } from '../../db';

export type Outage = 'fail' | 'hang' | null;

export interface FaultyDatabase {
	open: OpenDatabase;
	/** Starts (`'fail'`/`'hang'`) or ends (`null`) an outage; ending one lets held queries run. */
	outage(kind: Outage): void;
	/** How many queries the outage refused or held. */
	refused: number;
}

export function faultyDatabase(real: OpenDatabase): FaultyDatabase {
	let current: Outage = null;
	let ended: () => void = () => {};
	let ending = Promise.resolve();
	const state = { refused: 0 };

	/** Runs `start` now, or after the outage, or not at all (failing), by the outage's kind. */
	function gate<T>(start: () => PromiseLike<T>): Promise<T> {
		if (current === null) return Promise.resolve(start());
		state.refused++;
		if (current === 'fail')
			return Promise.reject(new Error('injected database outage: connection refused'));
		return ending.then(() => start());
	}

	function guard<T extends object>(target: T): T {
		return new Proxy(target, {
			get(t, prop) {
				const value = Reflect.get(t, prop, t) as unknown;
				if (typeof value !== 'function') return value;
				const fn = value as (...args: unknown[]) => unknown;
				if (prop === 'then') {
					// a query builder runs when awaited
					return (resolve: (v: unknown) => unknown, reject: (e: unknown) => unknown) =>
						gate(
							() => ({ then: (a: never, b: never) => fn.call(t, a, b) }) as PromiseLike<unknown>
						).then(resolve, reject);
				}
				if (prop === 'transaction') {
					return (...args: unknown[]) => gate(() => fn.apply(t, args) as PromiseLike<unknown>);
				}
				return (...args: unknown[]) => {
					const result = fn.apply(t, args);
					return result !== null && typeof result === 'object' ? guard(result) : result;
				};
			}
		});
	}

	const open: OpenDatabase = {
		...real,
		db: guard(real.db),
		query: (text, params) => gate(() => real.query(text, params))
	};
	return {
		open,
		outage(kind) {
			if (kind !== null && current === null) ending = new Promise((resolve) => (ended = resolve));
			current = kind;
			if (kind === null) ended();
		},
		get refused() {
			return state.refused;
		}
	};
}
