/**
 * The request steps hooks.server.ts runs around every SvelteKit request, each on its own so they
 * can be read, tested and reordered separately: a request id, the security headers, the
 * same-origin check for state-changing requests and the text check on what arrives.
 */
import { randomUUID } from 'node:crypto';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { endpointEntry } from '../../access';
import { FILE_BODY_LIMIT, FORM_BODY_LIMIT, unsafeTextIn } from '../input';
import { errorJson } from './answer';
import { isAllowedOrigin } from '../origin';

/** An id a proxy in front may already have given the request (only a plain token is trusted). */
const FORWARDED_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Every request gets an id: in the `X-Request-Id` header, in error bodies and in every log line. */
export const requestId: Handle = async ({ event, resolve }) => {
	const given = event.request.headers.get('x-request-id');
	event.locals.requestId = given && FORWARDED_ID.test(given) ? given : randomUUID();
	const response = await resolve(event);
	return withHeaders(response, { 'x-request-id': event.locals.requestId });
};

/**
 * Headers for every response SvelteKit makes (the Content-Security-Policy of pages comes from
 * `kit.csp` in svelte.config.js, with a nonce per page). Static files under /_app/immutable are
 * served before SvelteKit and stay cacheable; everything that reaches here may carry patient data,
 * so nothing is stored by the browser or a proxy.
 */
export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers: Record<string, string> = {
		'x-content-type-options': 'nosniff',
		'x-frame-options': 'DENY',
		// The office display sets its own `no-referrer`: its address once held its token.
		'referrer-policy': response.headers.get('referrer-policy') ?? 'same-origin',
		'cache-control': response.headers.get('cache-control') ?? 'no-store'
	};
	if (!response.headers.has('content-security-policy')) {
		// Not a page (JSON, a redirect, an error in text): nothing in it may run or be framed.
		headers['content-security-policy'] = "default-src 'none'; frame-ancestors 'none'";
	}
	if (process.env.ORIGIN?.startsWith('https:')) {
		headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
	}
	return withHeaders(response, headers);
};

/**
 * An address under /api/ that no endpoint matches (an id the `[id=id]` matcher refused, a typo)
 * answers in JSON like every endpoint, not with the HTML error page.
 */
export const apiNotFound: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (response.status !== 404 || event.route.id !== null || !event.url.pathname.startsWith('/api/'))
		return response;
	return errorJson(404, `Nothing at ${event.url.pathname.slice(0, 200)}`);
};

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A request that changes something must come from the app's own pages, whether or not it has a
 * body (SvelteKit's own check covers only form bodies; claim, release, logout and the other
 * body-less POSTs relied on SameSite=Lax alone). Browsers always send Origin on these methods, so
 * an Origin that `isAllowedOrigin` refuses is a 403. Without one, `Sec-Fetch-Site` (also set by
 * every current browser) decides. With neither, the caller is not a browser (a script, curl), and
 * a hostile page cannot make a browser send such a request, so it goes on to sign-in checks.
 */
export const sameOrigin: Handle = async ({ event, resolve }) => {
	if (!STATE_CHANGING.has(event.request.method)) return resolve(event);
	const origin = event.request.headers.get('origin');
	const site = event.request.headers.get('sec-fetch-site');
	const allowed =
		origin !== null
			? isAllowedOrigin(origin, event.request.headers.get('host'))
			: site === null || site === 'same-origin' || site === 'none';
	if (allowed) return resolve(event);
	return refuse(
		event,
		403,
		`Cross-site ${event.request.method} refused: it must come from this site's own pages`
	);
};

const megabytes = (bytes: number) => `${Math.round((bytes / 2 ** 20) * 10) / 10} MB`;

/**
 * The size of a body, as declared, before anything reads it: a file sent whole to an endpoint
 * the access table marks `body: 'file'` may be up to FILE_BODY_LIMIT (streamed to disk); any
 * other body up to FORM_BODY_LIMIT, and it must say its length (a chunked body of unknown size
 * would be read into memory by a form action). Past the limit is a 413 naming both sizes.
 */
export const bodySize: Handle = async ({ event, resolve }) => {
	const request = event.request;
	if (!STATE_CHANGING.has(request.method)) return resolve(event);
	const takesFile =
		event.route.id !== null && endpointEntry(event.route.id, request.method)?.body === 'file';
	const limit = takesFile ? FILE_BODY_LIMIT : FORM_BODY_LIMIT;
	const declared = request.headers.get('content-length');
	if (declared === null) {
		if (request.headers.has('transfer-encoding') && !takesFile)
			return refuse(event, 411, 'Send the request body with its Content-Length');
		return resolve(event);
	}
	const size = Number(declared);
	if (size > limit) {
		return refuse(
			event,
			413,
			`The request body is ${megabytes(size)}; this address takes at most ${megabytes(limit)}`
		);
	}
	return resolve(event);
};

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * Text in the address, the query and form fields, checked once for every request: NUL and
 * unpaired surrogates are a 400 (JSON bodies are checked by `readJson`, which parses them).
 */
export const cleanInput: Handle = async ({ event, resolve }) => {
	const problem = problemInAddress(event.url) ?? (await problemInForm(event.request));
	if (problem) return refuse(event, 400, problem);
	return resolve(event);
};

function problemInAddress(url: URL): string | null {
	for (const segment of url.pathname.split('/')) {
		let decoded: string;
		try {
			decoded = decodeURIComponent(segment);
		} catch {
			return `the address holds a malformed escape: ${segment.slice(0, 40)}`;
		}
		const unsafe = unsafeTextIn(decoded, 'the address');
		if (unsafe) return unsafe;
	}
	for (const [key, value] of url.searchParams) {
		// SvelteKit reserves the name and throws a plain Error (a 500) when a form posts to it.
		if (key === '/default') return 'no form action is named "default": post to the page itself';
		const unsafe = unsafeTextIn(key, 'a query parameter name') ?? unsafeTextIn(value, key);
		if (unsafe) return unsafe;
	}
	return null;
}

async function problemInForm(request: Request): Promise<string | null> {
	if (!STATE_CHANGING.has(request.method) || !request.body) return null;
	const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
	if (!FORM_TYPES.includes(type)) return null;
	let form: FormData;
	try {
		form = await request.clone().formData();
	} catch {
		return 'The form could not be read';
	}
	for (const [key, value] of form) {
		const unsafe =
			unsafeTextIn(key, 'a form field name') ??
			(typeof value === 'string' ? unsafeTextIn(value, key) : null);
		if (unsafe) return unsafe;
	}
	return null;
}

function refuse(event: RequestEvent, status: 400 | 403 | 411 | 413, message: string): Response {
	const wantsJson =
		event.url.pathname.startsWith('/api/') ||
		!event.request.headers.get('accept')?.includes('text/html');
	return wantsJson
		? errorJson(status, message, { requestId: event.locals.requestId })
		: new Response(`${message} (request ${event.locals.requestId})`, {
				status,
				headers: { 'content-type': 'text/plain; charset=utf-8' }
			});
}

/** Sets headers on a response, copying it first when its headers are immutable (a fetched one). */
function withHeaders(response: Response, headers: Record<string, string>): Response {
	try {
		for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
		return response;
	} catch {
		const copy = new Response(response.body, response);
		for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
		return copy;
	}
}
