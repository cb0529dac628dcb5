import { afterEach, describe, expect, it } from 'vitest';
import type { AuthSettings } from './authSettings';
import { RecentSessions } from './recentSessions';
import { publishSessionsEnded } from './sessionEvents';

const MINUTE = 60_000;
const settings = () => ({ idleMs: 30 * MINUTE }) as AuthSettings;
const alice = { id: 1, email: 'alice@example.test', name: 'Alice', role: 'coordinator' as const };
const bob = { id: 2, email: 'bob@example.test', name: 'Bob', role: 'manager' as const };

describe('sessions remembered for a database outage', () => {
	let recent: RecentSessions;
	afterEach(() => recent.close());

	it('recalls a session checked lately, for no longer than the idle timeout', () => {
		recent = new RecentSessions(settings);
		const now = Date.parse('2026-12-06T09:00:00Z');
		recent.remember('s1', alice, new Date(now + 12 * 60 * MINUTE), now);
		expect(recent.recall('s1', now + 29 * MINUTE)).toEqual(alice);
		expect(recent.recall('s1', now + 30 * MINUTE)).toBeNull();
		// and once forgotten, it stays forgotten
		expect(recent.recall('s1', now)).toBeNull();
	});

	it('never past the session’s absolute end', () => {
		recent = new RecentSessions(settings);
		const now = Date.parse('2026-12-06T09:00:00Z');
		recent.remember('s1', alice, new Date(now + 5 * MINUTE), now);
		expect(recent.recall('s1', now + 5 * MINUTE)).toBeNull();
	});

	it('forgets a session the database refused, and sessions that end here', () => {
		recent = new RecentSessions(settings);
		const now = Date.now();
		const end = new Date(now + 60 * MINUTE);
		recent.remember('s1', alice, end, now);
		recent.remember('s2', bob, end, now);
		recent.remember('s3', alice, end, now);
		recent.forget('s1');
		expect(recent.recall('s1', now)).toBeNull();
		publishSessionsEnded({ sessionIds: ['s2'], reason: 'signed-out' });
		expect(recent.recall('s2', now)).toBeNull();
		publishSessionsEnded({ userIds: [alice.id], reason: 'disabled' });
		expect(recent.recall('s3', now)).toBeNull();
	});

	it('knows nothing it was not told', () => {
		recent = new RecentSessions(settings);
		expect(recent.recall('never-seen')).toBeNull();
	});
});
