import type { Cookies } from '@sveltejs/kit';
import { database } from '../../../db';
import { authenticate, createSession, endSession, SESSION_COOKIE, type SessionUser } from './auth';
import { sessionCookieOptions } from './cookies';

/** Checks the credentials and sets the session cookie; null when they are wrong. */
export async function signIn(
	cookies: Cookies,
	url: URL,
	email: string,
	password: string
): Promise<SessionUser | null> {
	const { db } = await database();
	const user = await authenticate(db, email, password);
	if (!user) return null;
	const { token, expiresAt } = await createSession(db, user.id);
	cookies.set(SESSION_COOKIE, token, sessionCookieOptions(url, expiresAt));
	return user;
}

export async function signOut(cookies: Cookies): Promise<void> {
	const { db } = await database();
	await endSession(db, cookies.get(SESSION_COOKIE));
	cookies.delete(SESSION_COOKIE, { path: '/' });
}

/** Only same-site paths, so a crafted link cannot bounce a user to another site after sign-in. */
export function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
