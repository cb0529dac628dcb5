/**
 * People's accounts and their sessions: each person sees and ends their own sessions; an admin
 * sees anyone's, ends them, disables or enables an account, changes its role and unlocks a
 * throttled sign-in. Every change is audited, and every change that ends a session or changes
 * what a connection may do is published once (sessionEvents.ts) so open sockets close.
 */
import { and, asc, count, eq, max, ne } from 'drizzle-orm';
import type { Database, Executor } from '../../../db';
import { authSessions, ROLES, users, type Role } from '../../../db/schema';
import { writeAudit } from './audit';
import { authSettings, type AuthSettings } from './authSettings';
import type { SessionUser } from './auth';
import type { SessionSummary } from '../contracts/account/sessions';
import { AppError } from './errors';
import { publishSessionsEnded } from './sessionEvents';
import { lockedEmails, unlockEmail } from './signInThrottle';

/** A person's sessions that are still live, most recently used first. */
export async function sessionsOf(
	db: Executor,
	userId: number,
	now = new Date(),
	settings: AuthSettings = authSettings()
): Promise<SessionSummary[]> {
	const rows = await db
		.select()
		.from(authSessions)
		.where(eq(authSessions.userId, userId))
		.orderBy(asc(authSessions.createdAt));
	return rows
		.map((r) => {
			const absolute = Math.min(r.expiresAt.getTime(), r.createdAt.getTime() + settings.sessionMs);
			const idle = r.lastSeenAt.getTime() + settings.idleMs;
			return { r, ends: Math.min(absolute, idle) };
		})
		.filter(({ ends }) => ends > now.getTime())
		.sort((a, b) => b.r.lastSeenAt.getTime() - a.r.lastSeenAt.getTime())
		.map(({ r, ends }) => ({
			id: r.id,
			createdAt: r.createdAt.toISOString(),
			lastSeenAt: r.lastSeenAt.toISOString(),
			endsAt: new Date(ends).toISOString(),
			userAgent: r.userAgent,
			address: r.address
		}));
}

/** Ends one of `ownerId`'s sessions (their own, or an admin's doing). */
export async function endSessionOf(
	db: Database,
	actor: SessionUser,
	ownerId: number,
	sessionId: string
): Promise<void> {
	const ended = await db.transaction(async (tx) => {
		const gone = await tx
			.delete(authSessions)
			.where(and(eq(authSessions.id, sessionId), eq(authSessions.userId, ownerId)))
			.returning({ id: authSessions.id });
		if (gone.length === 0) return false;
		await writeAudit(tx, {
			userId: actor.id,
			action: 'end-session',
			entity: 'user',
			entityId: ownerId,
			after: { by: actor.id === ownerId ? 'self' : 'admin' }
		});
		return true;
	});
	if (!ended) throw new AppError('not-found', 'That session has already ended');
	publishSessionsEnded({ sessionIds: [sessionId], reason: 'ended' });
}

/** Signs `userId` out everywhere, except the session `keep` when given (the one in use). */
export async function endSessionsOf(
	db: Database,
	actor: SessionUser,
	userId: number,
	keep: string | null = null
): Promise<number> {
	const ended = await db.transaction(async (tx) => {
		const gone = await tx
			.delete(authSessions)
			.where(and(eq(authSessions.userId, userId), keep ? ne(authSessions.id, keep) : undefined))
			.returning({ id: authSessions.id });
		await writeAudit(tx, {
			userId: actor.id,
			action: 'end-all-sessions',
			entity: 'user',
			entityId: userId,
			after: { sessions: gone.length, keptCurrent: keep !== null }
		});
		return gone.map((g) => g.id);
	});
	publishSessionsEnded({ sessionIds: ended, reason: 'ended' });
	return ended.length;
}

export interface Account {
	id: number;
	email: string;
	name: string;
	role: Role;
	active: boolean;
	sessions: number;
	lastSeenAt: string | null;
	/** Set while sign-in is throttled for this email: when it unlocks by itself. */
	lockedUntil: string | null;
}

export async function listAccounts(
	db: Executor,
	now = new Date(),
	settings: AuthSettings = authSettings()
): Promise<Account[]> {
	const people = await db.select().from(users).orderBy(asc(users.name));
	const activity = new Map(
		(
			await db
				.select({ userId: authSessions.userId, n: count(), last: max(authSessions.lastSeenAt) })
				.from(authSessions)
				.groupBy(authSessions.userId)
		).map((a) => [a.userId, a])
	);
	const live = new Map(
		await Promise.all(
			[...activity.keys()].map(
				async (id) => [id, (await sessionsOf(db, id, now, settings)).length] as const
			)
		)
	);
	const locked = await lockedEmails(
		db,
		people.map((p) => p.email),
		now,
		settings
	);
	return people.map((p) => ({
		id: p.id,
		email: p.email,
		name: p.name,
		role: p.role,
		active: p.active,
		sessions: live.get(p.id) ?? 0,
		lastSeenAt: activity.get(p.id)?.last?.toISOString() ?? null,
		lockedUntil: locked.get(p.email)?.toISOString() ?? null
	}));
}

async function accountFor(tx: Executor, userId: number) {
	const [row] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
	if (!row) throw new AppError('not-found', `No user ${userId}`);
	return row;
}

/** Disables (signing them out everywhere) or re-enables an account. */
export async function setAccountActive(
	db: Database,
	actor: SessionUser,
	userId: number,
	active: boolean
): Promise<void> {
	if (userId === actor.id && !active) {
		throw new AppError(
			'conflict',
			'You cannot disable your own account; ask another administrator'
		);
	}
	const changed = await db.transaction(async (tx) => {
		const row = await accountFor(tx, userId);
		if (row.active === active) return false;
		await tx.update(users).set({ active }).where(eq(users.id, userId));
		if (!active) await tx.delete(authSessions).where(eq(authSessions.userId, userId));
		await writeAudit(tx, {
			userId: actor.id,
			action: active ? 'enable-user' : 'disable-user',
			entity: 'user',
			entityId: userId,
			before: { active: row.active },
			after: { active }
		});
		return true;
	});
	if (changed && !active) publishSessionsEnded({ userIds: [userId], reason: 'disabled' });
}

/**
 * Changes an account's role. Its sessions stay (each request reads the role afresh) but its open
 * connections close, since they were opened, and joined their rooms, under the old role.
 */
export async function setAccountRole(
	db: Database,
	actor: SessionUser,
	userId: number,
	role: string
): Promise<void> {
	if (!(ROLES as readonly string[]).includes(role)) {
		throw new AppError('invalid', `role: not a role: ${role} (one of ${ROLES.join(', ')})`);
	}
	if (userId === actor.id) {
		throw new AppError('conflict', 'You cannot change your own role; ask another administrator');
	}
	const changed = await db.transaction(async (tx) =>
		changeRole(tx, actor.id, await accountFor(tx, userId), role as Role)
	);
	if (changed) roleChanged([userId]);
}

/**
 * A role change inside the caller's transaction, audited; false when the role is already that.
 * Once it commits, call {@link roleChanged}. Used by the users page and the staff import.
 */
export async function changeRole(
	tx: Executor,
	actorId: number | null,
	account: { id: number; role: Role },
	role: Role
): Promise<boolean> {
	if (account.role === role) return false;
	await tx.update(users).set({ role }).where(eq(users.id, account.id));
	await writeAudit(tx, {
		userId: actorId,
		action: 'change-role',
		entity: 'user',
		entityId: account.id,
		before: { role: account.role },
		after: { role }
	});
	return true;
}

/** After role changes commit: the accounts' open connections close (opened under the old role). */
export function roleChanged(userIds: readonly number[]): void {
	if (userIds.length > 0) publishSessionsEnded({ userIds, reason: 'role-changed' });
}

/** Lifts a sign-in lockout before its window passes. */
export async function unlockAccount(
	db: Database,
	actor: SessionUser,
	userId: number
): Promise<number> {
	return db.transaction(async (tx) => {
		const row = await accountFor(tx, userId);
		const forgotten = await unlockEmail(tx, row.email);
		await writeAudit(tx, {
			userId: actor.id,
			action: 'unlock-sign-in',
			entity: 'user',
			entityId: userId,
			after: { failuresForgotten: forgotten }
		});
		return forgotten;
	});
}
