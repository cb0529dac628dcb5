/**
 * A SvelteKit request event for calling a route's handler or form action directly, with a cookie
 * jar and the response headers it set, so route tests run without a build or a browser.
 */
import type { Cookies } from '@sveltejs/kit';
import { ACCESS, routeMatches } from '../../src/lib/access';
import type { SessionUser } from '../../src/lib/server/auth';
import { accessForRequest } from '../../src/lib/server/guard';

export interface TestEvent {
	request: Request;
	url: URL;
	cookies: Cookies;
	locals: App.Locals;
	params: Record<string, string>;
	getClientAddress(): string;
	setHeaders(headers: Record<string, string>): void;
	/** What the handler set with setHeaders. */
	headers: Record<string, string>;
	jar: Map<string, string>;
}

export function requestEvent(
	path: string,
	options: {
		method?: string;
		json?: unknown;
		/** A body sent as it is, as JSON (a malformed one, say). */
		raw?: string;
		form?: Record<string, string | string[]>;
		address?: string;
		userAgent?: string;
		user?: SessionUser | null;
		sessionId?: string | null;
		params?: Record<string, string>;
		/** The form action (`?/name`) the event posts to. */
		action?: string;
	} = {}
): TestEvent {
	const url = new URL(path, 'http://localhost:3000');
	if (options.action) url.search = `?/${options.action}`;
	const headers = new Headers({ 'user-agent': options.userAgent ?? 'vitest' });
	let body: BodyInit | undefined;
	if (options.raw !== undefined) {
		headers.set('content-type', 'application/json');
		body = options.raw;
	} else if (options.json !== undefined) {
		headers.set('content-type', 'application/json');
		body = JSON.stringify(options.json);
	} else if (options.form) {
		const form = new FormData();
		for (const [k, v] of Object.entries(options.form))
			for (const one of [v].flat()) form.append(k, one);
		body = form;
	}
	const jar = new Map<string, string>();
	const cookies = {
		get: (name: string) => jar.get(name),
		getAll: () => [...jar].map(([name, value]) => ({ name, value })),
		set: (name: string, value: string) => void jar.set(name, value),
		delete: (name: string) => void jar.delete(name),
		serialize: (name: string, value: string) => `${name}=${value}`
	} as unknown as Cookies;
	const set: Record<string, string> = {};
	const request = new Request(url, { method: options.method ?? 'POST', headers, body });
	const locals: App.Locals = {
		user: options.user ?? null,
		sessionId: options.sessionId ?? null,
		requestId: 'test'
	};
	authorise(locals, request, url);
	return {
		request,
		url,
		cookies,
		locals,
		params: options.params ?? {},
		getClientAddress: () => options.address ?? '127.0.0.1',
		setHeaders: (h) =>
			Object.assign(
				set,
				Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]))
			),
		headers: set,
		jar
	};
}

/**
 * What hooks.server.ts does before a route runs: find the request's entry in the access table and
 * let it through (or not) by the same check, so a route's own `requireAccess` sees what it would.
 */
function authorise(locals: App.Locals, request: Request, url: URL): void {
	const route = ACCESS.find(
		(e) => (e.kind === 'page' || e.kind === 'endpoint') && routeMatches(e.route, url.pathname)
	);
	if (!route || !('route' in route)) return;
	const verdict = accessForRequest({ locals, route: { id: route.route }, request, url });
	if (verdict.kind === 'allow' && verdict.entry)
		locals.access = { route: route.route, entry: verdict.entry };
}

/** Runs a form action, returning its result or the redirect/error it threw. */
export async function runAction(
	action: (event: never) => unknown,
	event: TestEvent
): Promise<unknown> {
	try {
		return await action(event as never);
	} catch (thrown) {
		return thrown;
	}
}
