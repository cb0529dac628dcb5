import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, inArray, lt, not, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../../../db';
import { authSessions, users, type Role } from '../../../db/schema';
import { isEmailAddress, normaliseEmail, passwordProblem } from '../domain/account';
import { writeAudit } from './audit';
import { authSettings, type AuthSettings } from './authSettings';
import { AppError } from './errors';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from './password';
import { publishSessionsEnded } from './sessionEvents';
import { purgeOldFailures, recordFailure, reserveAttempt, withdrawAttempt } from './signInThrottle';

export type { Role };

export const SESSION_COOKIE = 'ww_session';

export interface SessionUser {
	id: number;
	email: string;
	name: string;
	role: Role;
}

/** Where a session was started from, shown in the lists of sessions. */
export interface SessionOrigin {
	userAgent?: string | null;
	address?: string | null;
}

/** The session id stored in the database: the token's SHA-256, so a leaked table opens nothing. */
export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Last-seen is written at most this often, so ordinary browsing is not a write per request. */
const TOUCH_EVERY_MS = 60_000;

export { normaliseEmail };

/**
 * Checks the password; the same work is done for unknown emails, so timing reveals nothing. A
 * hash made with older parameters is replaced on the way in, while the password is at hand.
 */
export async function authenticate(
	db: Database,
	email: string,
	password: string
): Promise<SessionUser | null> {
	const [row] = await db
		.select()
		.from(users)
		.where(eq(users.email, normaliseEmail(email)))
		.limit(1);
	const ok = await verifyPassword(password, row?.passwordHash ?? (await decoyHash()));
	if (!row || !ok || !row.active) return null;
	if (needsRehash(row.passwordHash)) {
		const passwordHash = await hashPassword(password);
		await db
			.update(users)
			.set({ passwordHash })
			.where(and(eq(users.id, row.id), eq(users.passwordHash, row.passwordHash)));
	}
	return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export type SignInResult =
	| { kind: 'signed-in'; user: SessionUser; token: string; expiresAt: Date }
	| { kind: 'wrong' }
	| { kind: 'throttled'; retryAfterSeconds: number };

/**
 * A sign-in attempt, throttled per email and per address (signInThrottle.ts); a right password
 * starts a session.
 */
export async function attemptSignIn(
	db: Database,
	email: string,
	password: string,
	origin: SessionOrigin & { address: string },
	now = new Date(),
	settings: AuthSettings = authSettings()
): Promise<SignInResult> {
	const normalised = normaliseEmail(email);
	const reservation = await reserveAttempt(db, normalised, origin.address, now, settings);
	if (!reservation.ok)
		return { kind: 'throttled', retryAfterSeconds: reservation.retryAfterSeconds };
	const user = await authenticate(db, normalised, password);
	if (!user) {
		const [known] = await db
			.select({ id: users.id })
			.from(users)
			.where(eq(users.email, normalised));
		await recordFailure(
			db,
			{ email: normalised, address: origin.address, userId: known?.id ?? null },
			now,
			settings
		);
		return { kind: 'wrong' };
	}
	await withdrawAttempt(db, reservation.attemptId);
	const { token, expiresAt } = await createSession(db, user.id, origin, now, settings);
	return { kind: 'signed-in', user, token, expiresAt };
}

const clip = (value: string | null | undefined, max: number) =>
	value ? value.slice(0, max) : null;

export async function createSession(
	db: Database,
	userId: number,
	origin: SessionOrigin = {},
	now = new Date(),
	settings: AuthSettings = authSettings()
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const sessionId = sessionIdOf(token);
	const expiresAt = new Date(now.getTime() + settings.sessionMs);
	await db.transaction(async (tx) => {
		await tx.insert(authSessions).values({
			id: sessionId,
			userId,
			createdAt: now,
			lastSeenAt: now,
			expiresAt,
			userAgent: clip(origin.userAgent, 300),
			address: clip(origin.address, 100)
		});
		await writeAudit(tx, {
			userId,
			action: 'sign-in',
			entity: 'user',
			entityId: userId,
			after: { address: origin.address ?? null }
		});
	});
	return { token, sessionId, expiresAt };
}

/**
 * A session is live until its absolute end (sign-in + the lifetime, also when the lifetime has
 * been shortened since) and while it has been seen within the idle timeout. Nothing extends it.
 */
function liveSession(now: Date, settings: AuthSettings): SQL {
	return and(
		gt(authSessions.expiresAt, now),
		gt(authSessions.createdAt, new Date(now.getTime() - settings.sessionMs)),
		gt(authSessions.lastSeenAt, new Date(now.getTime() - settings.idleMs))
	)!;
}

/** The signed-in user for a session token, noting that the session was seen now. */
export async function userForSession(
	db: Database,
	token: string | undefined,
	now = new Date(),
	settings: AuthSettings = authSettings()
): Promise<{ user: SessionUser; sessionId: string; expiresAt: Date } | null> {
	if (!token) return null;
	const sessionId = sessionIdOf(token);
	const [row] = await db
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			role: users.role,
			active: users.active,
			expiresAt: authSessions.expiresAt,
			lastSeenAt: authSessions.lastSeenAt
		})
		.from(authSessions)
		.innerJoin(users, eq(users.id, authSessions.userId))
		.where(and(eq(authSessions.id, sessionId), liveSession(now, settings)))
		.limit(1);
	if (!row || !row.active) return null;
	if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS)
		await touchSession(db, sessionId, now);
	return {
		user: { id: row.id, email: row.email, name: row.name, role: row.role },
		sessionId,
		expiresAt: row.expiresAt
	};
}

/** Activity outside HTTP (a live-board edit) keeps a session from going idle. */
export async function touchSession(
	db: Database,
	sessionId: string,
	now = new Date()
): Promise<void> {
	await db
		.update(authSessions)
		.set({ lastSeenAt: now })
		.where(and(eq(authSessions.id, sessionId), lt(authSessions.lastSeenAt, now)));
}

/** Signs out the session of this token (its open connections close too). */
export async function endSession(db: Database, token: string | undefined): Promise<void> {
	if (!token) return;
	const sessionId = sessionIdOf(token);
	const ended = await db.transaction(async (tx) => {
		const [row] = await tx
			.delete(authSessions)
			.where(eq(authSessions.id, sessionId))
			.returning({ userId: authSessions.userId });
		if (row)
			await writeAudit(tx, {
				userId: row.userId,
				action: 'sign-out',
				entity: 'user',
				entityId: row.userId
			});
		return row;
	});
	if (ended) publishSessionsEnded({ sessionIds: [sessionId], reason: 'signed-out' });
}

/**
 * Of the sessions with open connections here, those no longer live (expired, or ended by another
 * instance): their connections are told to close.
 */
export async function sweepSessions(
	db: Database,
	watched: readonly string[],
	now = new Date(),
	settings: AuthSettings = authSettings()
): Promise<string[]> {
	if (watched.length === 0) return [];
	const live = new Set(
		(
			await db
				.select({ id: authSessions.id })
				.from(authSessions)
				.innerJoin(users, eq(users.id, authSessions.userId))
				.where(
					and(
						inArray(authSessions.id, [...watched]),
						liveSession(now, settings),
						eq(users.active, true)
					)
				)
		).map((r) => r.id)
	);
	const ended = watched.filter((id) => !live.has(id));
	publishSessionsEnded({ sessionIds: ended, reason: 'expired' });
	return ended;
}

/** Deletes sessions past their end and sign-in failures past the window (housekeeping). */
export async function purgeExpired(
	db: Database,
	now = new Date(),
	settings: AuthSettings = authSettings()
): Promise<void> {
	await db.delete(authSessions).where(not(liveSession(now, settings)));
	await purgeOldFailures(db, now, settings);
}

/** Reads one cookie from a raw Cookie header (websocket upgrades and socket.io handshakes). */
export function cookieFromHeader(header: string | undefined, name: string): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0) continue;
		if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
	}
	return undefined;
}

export interface NewUser {
	email: string;
	name: string;
	role: Role;
	passwordHash: string;
}

/** The account rules (email, password length, name), and the password hashed: a user to insert. */
export async function checkNewUser(input: {
	email: string;
	name: string;
	role: Role;
	password: string;
}): Promise<NewUser> {
	const email = normaliseEmail(input.email);
	if (!isEmailAddress(email)) throw new AppError('invalid', `not an email address: ${input.email}`);
	const weak = passwordProblem(input.password);
	if (weak) throw new AppError('invalid', weak);
	if (!input.name.trim()) throw new AppError('invalid', 'the name is empty');
	return {
		email,
		name: input.name.trim(),
		role: input.role,
		passwordHash: await hashPassword(input.password)
	};
}

/** Inserts a checked user inside the caller's transaction, audited as `action`. */
export async function insertUser(
	tx: Executor,
	user: NewUser,
	createdBy: number | null,
	action = 'create'
): Promise<SessionUser> {
	const existing = await tx
		.select({ n: sql<number>`count(*)::int` })
		.from(users)
		.where(eq(users.email, user.email));
	if (existing[0].n > 0)
		throw new AppError('conflict', `a user with email ${user.email} already exists`);
	const [row] = await tx
		.insert(users)
		.values(user)
		.returning({ id: users.id, email: users.email, name: users.name, role: users.role });
	await writeAudit(tx, {
		userId: createdBy,
		action,
		entity: 'user',
		entityId: row.id,
		after: { email: row.email, name: row.name, role: row.role }
	});
	return row;
}

export async function createUser(
	db: Database,
	input: { email: string; name: string; role: Role; password: string },
	createdBy: number | null
): Promise<SessionUser> {
	const user = await checkNewUser(input);
	return db.transaction((tx) => insertUser(tx, user, createdBy));
}
