import {
	json,
	redirect,
	type Handle,
	type HandleServerError,
	type ServerInit
} from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { openDatabase, database } from '$db';
import { SESSION_COOKIE, userForSession } from '$lib/server/auth';
import { accessFor } from '$lib/server/roles';
import { sessionCookieOptions } from '$lib/server/cookies';
import {
	apiNotFound,
	cleanInput,
	requestId,
	sameOrigin,
	securityHeaders
} from '$lib/server/http/steps';
import { logFailure } from '$lib/server/log';

export const init: ServerInit = async () => {
	// Production and dev open it before SvelteKit starts; this covers any other host (idempotent).
	await openDatabase();
};

const authenticate: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	const session = token ? await userForSession((await database()).db, token) : null;
	event.locals.user = session?.user ?? null;
	if (session?.renewed && token) {
		event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(event.url, session.expiresAt));
	}
	if (token && !session) event.cookies.delete(SESSION_COOKIE, { path: '/' });

	// Every request is checked against the role table on the server; routes check again.
	const path = event.url.pathname;
	const decision = accessFor(path, event.locals.user?.role ?? null);
	const isApi = path.startsWith('/api/');
	if (decision === 'sign-in') {
		if (isApi) return json({ error: 'Sign in first' }, { status: 401 });
		redirect(303, `/login?next=${encodeURIComponent(path + event.url.search)}`);
	}
	if (decision === 'forbidden' && isApi) {
		return json(
			{ error: `Your role (${event.locals.user?.role}) may not use ${path}` },
			{ status: 403 }
		);
	}
	// Forbidden pages render the app's 403 page from the (app) layout, inside the shell.
	return resolve(event);
};

/**
 * Each step is in its own module or function: the request id first so every answer carries it,
 * the headers around everything, cross-site writes refused before anything is read, and the
 * address checked before sign-in (a sign-in redirect for a path with a malformed escape such as
 * `/boards/%ED%A0%80` crashed the process with an unhandled rejection: found by the fuzz suite).
 */
export const handle = sequence(
	requestId,
	securityHeaders,
	apiNotFound,
	sameOrigin,
	cleanInput,
	authenticate
);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	// Refusals SvelteKit makes itself (404, 405, 415) are answers, not server failures.
	if (status < 500) return { message };
	const id = event.locals.requestId;
	// The error's class and code only: its message can hold query parameters (what staff typed).
	logFailure(
		'request failed',
		{ requestId: id, method: event.request.method, route: event.route.id, status },
		error
	);
	return {
		message: 'Something went wrong on the server. Quote this reference if it happens again.',
		errorId: id
	};
};
