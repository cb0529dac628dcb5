/**
 * Sessions this instance has checked against the database lately, so a signed-in person can still
 * open a live board while the database is away (README, "Durability": the board stays readable
 * during an outage). Used only when the database cannot answer; every other time the database
 * decides. A remembered session is good for no longer than the idle timeout after its last check
 * and never past its absolute end, and is forgotten the moment it ends on this instance (sign-out,
 * an admin, a disabled account, a changed role).
 */
import { authSettings, type AuthSettings } from './authSettings';
import type { SessionUser } from './auth';
import { endsSession, onSessionsEnded } from './sessionEvents';

interface Remembered {
	user: SessionUser;
	/** When the database last said this session was live. */
	checkedAt: number;
	/** The session's absolute end. */
	expiresAt: number;
}

/** Enough for every open tab of a large trust; the oldest checks are forgotten first. */
const MAX_REMEMBERED = 10_000;

export class RecentSessions {
	private readonly sessions = new Map<string, Remembered>();
	private readonly stopListening: () => void;

	constructor(private readonly settings: () => AuthSettings = authSettings) {
		this.stopListening = onSessionsEnded((event) => {
			for (const [id, s] of this.sessions) {
				if (endsSession(event, id, s.user.id)) this.sessions.delete(id);
			}
		});
	}

	/** The database has just said this session is live. */
	remember(sessionId: string, user: SessionUser, expiresAt: Date, now = Date.now()): void {
		this.sessions.delete(sessionId);
		this.sessions.set(sessionId, { user, checkedAt: now, expiresAt: expiresAt.getTime() });
		if (this.sessions.size > MAX_REMEMBERED) {
			const oldest = this.sessions.keys().next().value;
			if (oldest !== undefined) this.sessions.delete(oldest);
		}
	}

	/** The database has said this session is not live (ended, expired, unknown). */
	forget(sessionId: string): void {
		this.sessions.delete(sessionId);
	}

	/** The user of a session checked lately, while the database cannot be asked. */
	recall(sessionId: string, now = Date.now()): SessionUser | null {
		const s = this.sessions.get(sessionId);
		if (!s) return null;
		if (now >= s.expiresAt || now - s.checkedAt >= this.settings().idleMs) {
			this.sessions.delete(sessionId);
			return null;
		}
		return s.user;
	}

	close(): void {
		this.stopListening();
		this.sessions.clear();
	}
}
