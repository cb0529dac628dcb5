import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { database } from '../../../db';
import { attemptSignIn, endSession, SESSION_COOKIE, type SignInResult } from './auth';
import { sessionCookieOptions } from './cookies';

type SignInEvent = Pick<RequestEvent, 'cookies' | 'url' | 'request' | 'getClientAddress'>;

/**
 * Checks the credentials (throttled) and sets the session cookie when they are right. The address
 * is the peer's, or with adapter-node's ADDRESS_HEADER/XFF_DEPTH the one the proxy saw.
 */
export async function signIn(
	event: SignInEvent,
	email: string,
	password: string
): Promise<SignInResult> {
	const { db } = await database();
	const result = await attemptSignIn(db, email, password, {
		address: event.getClientAddress(),
		userAgent: event.request.headers.get('user-agent')
	});
	if (result.kind === 'signed-in') {
		event.cookies.set(
			SESSION_COOKIE,
			result.token,
			sessionCookieOptions(event.url, result.expiresAt)
		);
	}
	return result;
}

/** What a throttled person is told; the wait is the Retry-After. */
export function throttledMessage(retryAfterSeconds: number): string {
	const minutes = Math.ceil(retryAfterSeconds / 60);
	return `Too many failed sign-in attempts. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, or ask an administrator to unlock the account.`;
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
