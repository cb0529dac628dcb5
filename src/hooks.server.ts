import { randomUUID } from 'node:crypto';
import { json, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { openDatabase, database } from '$db';
import { SESSION_COOKIE, userForSession } from '$lib/server/auth';
import { accessFor } from '$lib/server/roles';

export const init: ServerInit = async () => {
	// Production and dev open it before SvelteKit starts; this covers any other host (idempotent).
	await openDatabase();
};

export const handle: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	const session = token ? await userForSession((await database()).db, token) : null;
	event.locals.user = session?.user ?? null;
	event.locals.sessionId = session?.sessionId ?? null;
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
		return json({ error: `Your role (${event.locals.user?.role}) may not use ${path}` }, { status: 403 });
	}
	// Forbidden pages render the app's 403 page from the (app) layout, inside the shell.
	return resolve(event);
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message };
	const errorId = randomUUID().slice(0, 8);
	console.error(`[waitwise] error ${errorId} on ${event.request.method} ${event.url.pathname}:`, error);
	return { message: 'Something went wrong on the server. Quote this reference if it happens again.', errorId };
};
