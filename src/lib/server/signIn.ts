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

const SAME_ORIGIN_BASE = 'http://same-origin.invalid';
/** Whitespace (any Unicode space), control characters and backslashes: browsers strip, fold or read them as `/`. */
const UNSAFE_IN_NEXT = /[\s\p{Cc}\\]/u;

/**
 * Where to go after signing in: only a path on this site, so a crafted link cannot bounce a user
 * to another site. Refuses `//host`, `/\host` (browsers read `\` as `/`), whitespace and control
 * characters (browsers drop tabs and newlines, turning `/\t/host` into `//host`), and the same
 * tricks percent-encoded in the path; anything doubtful becomes `/`.
 */
export function safeNext(next: string | null | undefined): string {
	if (!next || !next.startsWith('/') || UNSAFE_IN_NEXT.test(next)) return '/';
	let path: string;
	try {
		path = decodeURIComponent(next.split(/[?#]/, 1)[0]);
	} catch {
		return '/';
	}
	if (path.startsWith('//') || UNSAFE_IN_NEXT.test(path) || /%5c/i.test(next)) return '/';
	const resolved = new URL(next, SAME_ORIGIN_BASE);
	if (resolved.origin !== SAME_ORIGIN_BASE || resolved.pathname.startsWith('//')) return '/';
	return next;
}
