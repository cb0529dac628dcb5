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

/** Only same-site paths, so a crafted link cannot bounce a user to another site after sign-in. */
export function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
