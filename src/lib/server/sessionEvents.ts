/**
 * "These sessions have ended": published once by whatever ends them (sign-out, an admin, a
 * disabled account, a changed role, expiry) and heard by every open connection, so socket.io and
 * /yjs close theirs at once instead of living on until their next handshake. The listeners are
 * in the services registry because the SvelteKit bundle (where sign-out runs) and server/ (where
 * the sockets live) hold separate copies of this module.
 *
 * Several instances: the event also goes out on the cluster's `sessions-ended` channel, and each
 * other instance hands it to its own listeners, so a sign-out on one closes the connections on
 * all; each listener hears each event once on its instance. Should Redis lose the message, the
 * session sweep (sessionSweep.ts) still closes those connections from the database within a
 * second.
 */
import type { Cluster } from './cluster/redis';
import { relay } from './cluster/relay';
import { logFailure } from './log';
import { shared } from './registry';

export interface SessionsEnded {
	/** Session ids (the SHA-256 of the token, as stored). */
	sessionIds?: readonly string[];
	/** Every session of these users (disabled, role changed, signed out everywhere). */
	userIds?: readonly number[];
	reason: 'signed-out' | 'ended' | 'expired' | 'disabled' | 'role-changed';
}

type Listener = (event: SessionsEnded) => void;

function listeners(): Set<Listener> {
	return shared('sessionsEndedListeners', () => new Set());
}

const ends = relay('sessions-ended', (message): message is SessionsEnded => {
	const event = message as SessionsEnded | null;
	return typeof event?.reason === 'string';
});

export function publishSessionsEnded(event: SessionsEnded): void {
	if (!event.sessionIds?.length && !event.userIds?.length) return;
	ends.send(event);
	tell(event);
}

/** Hands the ended sessions other instances announce to this one's listeners; returns the unsubscribe. */
export function followClusterSessionEnds(instances: Cluster): () => void {
	return ends.follow(instances, tell);
}

function tell(event: SessionsEnded): void {
	for (const listener of listeners()) {
		try {
			listener(event);
		} catch (err) {
			logFailure('a session-ended listener failed', {}, err);
		}
	}
}

/** Subscribes; returns the unsubscribe. */
export function onSessionsEnded(listener: Listener): () => void {
	listeners().add(listener);
	return () => listeners().delete(listener);
}

/** Whether an event covers a connection of this session and user. */
export function endsSession(event: SessionsEnded, sessionId: string, userId: number): boolean {
	return (
		(event.sessionIds?.includes(sessionId) ?? false) || (event.userIds?.includes(userId) ?? false)
	);
}

function live(): Map<string, number> {
	return shared('liveSessions', () => new Map());
}

/**
 * Marks a session as having an open connection, so the expiry sweep checks it; returns the
 * release, to call when the connection closes.
 */
export function holdSession(sessionId: string): () => void {
	const held = live();
	held.set(sessionId, (held.get(sessionId) ?? 0) + 1);
	let released = false;
	return () => {
		if (released) return;
		released = true;
		const n = (held.get(sessionId) ?? 1) - 1;
		if (n > 0) held.set(sessionId, n);
		else held.delete(sessionId);
	};
}

/** Sessions with at least one open connection on this instance. */
export function liveSessionIds(): string[] {
	return [...live().keys()];
}
