import { redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { openDatabase, database } from '$db';
import { SESSION_COOKIE, userForSession } from '$lib/server/auth';
import { accessForRequest } from '$lib/server/guard';
import { errorJson, unexpected } from '$lib/server/http/answer';
import {
	apiNotFound,
	cleanInput,
	requestId,
	bodySize,
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
	event.locals.sessionId = session?.sessionId ?? null;
	if (token && !session) event.cookies.delete(SESSION_COOKIE, { path: '/' });

	// Every request is checked against the access table on the server; routes check again.
	const verdict = accessForRequest(event);
	if (verdict.kind === 'sign-in') {
		if (verdict.json) return errorJson(401, 'Sign in first');
		redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}
	if (verdict.kind === 'refuse') {
		if (verdict.status === 403 && verdict.undeclared) {
			console.warn(
				`[waitwise] refused ${event.request.method} ${event.route.id}: not in the access table`
			);
		}
		return errorJson(verdict.status, verdict.message, {}, verdict.headers);
	}
	if (verdict.entry && event.route.id)
		event.locals.access = { route: event.route.id, entry: verdict.entry };
	const response = await resolve(event);
	// A forbidden page renders its 403 inside the shell: from the (app) layout's load, or, for a
	// page rendered only in the browser (ssr = false), from its data request. Either way the
	// page itself answers 403.
	if (verdict.kind === 'forbidden-page' && response.ok) {
		return new Response(response.body, { status: 403, headers: response.headers });
	}
	return response;
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
	bodySize,
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
	return unexpected(id);
};
