import { database } from '../../../db';
import { purgeExpired, sweepSessions } from './auth';
import { logFailure } from './log';
import { liveSessionIds } from './sessionEvents';

/**
 * Closes the connections of sessions that end by the clock (absolute lifetime, idle timeout) or
 * on another instance: twice a second it checks the sessions that have open connections here, so
 * they close within a second of their end. Expired rows are deleted once a minute.
 */
export function startSessionSweep(options: { everyMs?: number; purgeEveryMs?: number } = {}) {
	const everyMs = options.everyMs ?? 500;
	const purgeEveryMs = options.purgeEveryMs ?? 60_000;
	let running = false;
	let lastPurge = Date.now();
	let warned = false;
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			const { db } = await database();
			await sweepSessions(db, liveSessionIds());
			if (Date.now() - lastPurge >= purgeEveryMs) {
				lastPurge = Date.now();
				await purgeExpired(db);
			}
			warned = false;
		} catch (err) {
			// While the database is away nothing is closed: the sweep resumes when it returns.
			if (!warned) logFailure('session sweep failed', {}, err);
			warned = true;
		} finally {
			running = false;
		}
	};
	const timer = setInterval(() => void tick(), everyMs);
	timer.unref();
	return { close: () => clearInterval(timer) };
}
