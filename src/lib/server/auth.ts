import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../../../db';
import { authSessions, users, type Role } from '../../../db/schema';
import { writeAudit } from './audit';
import { decoyHash, hashPassword, verifyPassword } from './password';

export type { Role };

export const SESSION_COOKIE = 'ww_session';
/** A working day plus a margin; each request within the last half renews it. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface SessionUser {
	id: number;
	email: string;
	name: string;
	role: Role;
}

const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** Checks the password; the same work is done for unknown emails, so timing reveals nothing. */
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
	return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export async function createSession(
	db: Database,
	userId: number,
	now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
	await db.transaction(async (tx) => {
		await tx.insert(authSessions).values({ id: tokenId(token), userId, expiresAt });
		await writeAudit(tx, { userId, action: 'sign-in', entity: 'user', entityId: userId });
	});
	return { token, expiresAt };
}

/** The signed-in user for a session token, renewing the session when it is past half its life. */
export async function userForSession(
	db: Database,
	token: string | undefined,
	now = new Date()
): Promise<{ user: SessionUser; expiresAt: Date; renewed: boolean } | null> {
	if (!token) return null;
	const id = tokenId(token);
	const [row] = await db
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			role: users.role,
			active: users.active,
			expiresAt: authSessions.expiresAt
		})
		.from(authSessions)
		.innerJoin(users, eq(users.id, authSessions.userId))
		.where(and(eq(authSessions.id, id), gt(authSessions.expiresAt, now)))
		.limit(1);
	if (!row || !row.active) return null;
	let expiresAt = row.expiresAt;
	let renewed = false;
	if (expiresAt.getTime() - now.getTime() < SESSION_TTL_MS / 2) {
		expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
		await db.update(authSessions).set({ expiresAt }).where(eq(authSessions.id, id));
		renewed = true;
	}
	return {
		user: { id: row.id, email: row.email, name: row.name, role: row.role },
		expiresAt,
		renewed
	};
}

export async function endSession(db: Database, token: string | undefined): Promise<void> {
	if (!token) return;
	await db.delete(authSessions).where(eq(authSessions.id, tokenId(token)));
}

export async function purgeExpiredSessions(db: Database, now = new Date()): Promise<void> {
	await db.delete(authSessions).where(lt(authSessions.expiresAt, now));
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

export class UserInputError extends Error {}

export async function createUser(
	db: Database,
	input: { email: string; name: string; role: Role; password: string },
	createdBy: number | null
): Promise<SessionUser> {
	const email = normaliseEmail(input.email);
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UserInputError(`not an email address: ${input.email}`);
	if (input.password.length < 12) throw new UserInputError('the password must be at least 12 characters');
	if (!input.name.trim()) throw new UserInputError('the name is empty');
	const passwordHash = await hashPassword(input.password);
	return db.transaction(async (tx) => {
		const existing = await tx.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.email, email));
		if (existing[0].n > 0) throw new UserInputError(`a user with email ${email} already exists`);
		const [row] = await tx
			.insert(users)
			.values({ email, name: input.name.trim(), role: input.role, passwordHash })
			.returning({ id: users.id, email: users.email, name: users.name, role: users.role });
		await writeAudit(tx, { userId: createdBy, action: 'create', entity: 'user', entityId: row.id, after: { email, name: row.name, role: row.role } });
		return row;
	});
}
