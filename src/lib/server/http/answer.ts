/**
 * How a refusal becomes an answer, in one place. Every JSON error is `{ message }` plus optional
 * fields (the shape SvelteKit's own `error()` answers with); a failed form action is
 * `fail(status, { message })`; a page load's refusal is `error(status, message)`; anything that
 * is not an `AppError` is unexpected and reaches `handleError`, which answers `unexpected()`.
 */
import { error, fail, json, type RequestEvent } from '@sveltejs/kit';
import { AppError } from '../errors';

type MaybePromise<T> = T | Promise<T>;

/** A JSON error answer: the one shape, for endpoints and for the hooks that refuse early. */
export function errorJson(
	status: number,
	message: string,
	extra: Record<string, unknown> = {},
	headers?: Record<string, string>
): Response {
	return json({ ...extra, message }, { status, headers });
}

/** An `AppError` as the JSON answer an endpoint gives. */
export const refusalJson = (e: AppError): Response =>
	json(e.body(), { status: e.status, headers: e.headers });

/** Wraps an endpoint (`+server.ts` handler): an `AppError` it throws is its JSON answer. */
export function endpoint<E extends RequestEvent>(
	handler: (event: E) => MaybePromise<Response>
): (event: E) => Promise<Response> {
	return async (event) => {
		try {
			return await handler(event);
		} catch (e) {
			if (e instanceof AppError) return refusalJson(e);
			throw e;
		}
	};
}

/** Runs a form action's work; an `AppError` becomes `fail(status, { message })` for the page. */
export async function formAction<T extends Record<string, unknown>>(work: () => Promise<T>) {
	try {
		return await work();
	} catch (e) {
		// typed as `{ message }`: the pages read the message; details are for scripts
		if (e instanceof AppError) return fail(e.status, e.body() as { message: string });
		throw e;
	}
}

/** Wraps a page's `load`: an `AppError` it throws is the page's error (`+error.svelte`). */
export function pageLoad<E, T>(load: (event: E) => Promise<T>): (event: E) => Promise<T> {
	return async (event) => {
		try {
			return await load(event);
		} catch (e) {
			if (e instanceof AppError) error(e.status, e.message);
			throw e;
		}
	};
}

/** What `handleError` answers for the unexpected: a sentence and a reference to quote. */
export const unexpected = (errorId: string): App.Error => ({
	message: 'Something went wrong on the server. Quote this reference if it happens again.',
	errorId
});
