import { error } from '@sveltejs/kit';
import {
	actionEntry,
	decide,
	declaredMethods,
	endpointEntry,
	isDeclaredRoute,
	pageEntry,
	type AccessEntry
} from '../access';
import type { SessionUser } from './auth';
import { ROLE_LABELS } from './roles';

/** What hooks.server.ts and the routes need of a request to find its access entry. */
export interface AccessEvent {
	locals: App.Locals;
	route: { id: string | null };
	request: Request;
	url: URL;
}

export type Verdict =
	| { kind: 'allow'; entry: AccessEntry | null }
	/** Rendered (inside the app's shell) with a 403, by the (app) layout or the browser. */
	| { kind: 'forbidden-page'; entry: AccessEntry }
	| { kind: 'sign-in'; json: boolean }
	| {
			kind: 'refuse';
			status: 403 | 405;
			message: string;
			undeclared?: boolean;
			headers?: Record<string, string>;
	  };

/**
 * The `?/name` of a form action post (`default` when there is none). SvelteKit reserves an
 * explicit `?/default` (and would answer it with a 500), so it names no action here.
 */
function actionName(url: URL): string {
	for (const key of url.searchParams.keys()) {
		if (key.startsWith('/')) return key === '/default' ? '' : key.slice(1);
	}
	return 'default';
}

/**
 * The entry a request uses: a page for GET, a form action for a POST to a page, else an
 * endpoint by method. `undefined` when the route has none for this request.
 */
function entryFor(event: AccessEvent): AccessEntry | undefined {
	const route = event.route.id!;
	const method = event.request.method;
	const page = pageEntry(route);
	if (page && (method === 'GET' || method === 'HEAD')) return page;
	if (page && method === 'POST') return actionEntry(route, actionName(event.url));
	return endpointEntry(route, method);
}

/**
 * Checks a request against the access table. A route the table does not declare is refused
 * (a new route is closed until someone decides who may use it); so is an undeclared method or
 * form action. Requests that match no route go on to SvelteKit's 404.
 */
export function accessForRequest(event: AccessEvent): Verdict {
	const route = event.route.id;
	if (route === null) return { kind: 'allow', entry: null };
	const json = route.startsWith('/api/');
	const entry = entryFor(event);
	const method = event.request.method;
	if (!entry) {
		if (!isDeclaredRoute(route)) {
			return {
				kind: 'refuse',
				status: 403,
				undeclared: true,
				message: `${route} is not open to anyone yet`
			};
		}
		const allow = pageEntry(route) ? 'GET, HEAD, POST' : declaredMethods(route).join(', ');
		const what = pageEntry(route) ? `form action ?/${actionName(event.url)}` : `method ${method}`;
		return {
			kind: 'refuse',
			status: 405,
			message: `No ${what} on ${event.url.pathname}`,
			headers: { allow }
		};
	}
	const role = event.locals.user?.role ?? null;
	const decision = decide(entry, role);
	if (decision === 'sign-in') return { kind: 'sign-in', json };
	if (decision === 'forbidden' && entry.kind !== 'page') {
		return {
			kind: 'refuse',
			status: 403,
			message: `${ROLE_LABELS[role!]} accounts cannot use ${method} ${event.url.pathname}`
		};
	}
	if (decision === 'forbidden') return { kind: 'forbidden-page', entry };
	return { kind: 'allow', entry };
}

function check(locals: App.Locals, entry: AccessEntry | undefined): SessionUser {
	// No decision means hooks.server.ts did not run for this request: closed, not open.
	if (!entry) error(403, 'This request was not checked against the access table');
	const user = locals.user;
	const decision = decide(entry, user?.role ?? null);
	if (decision === 'sign-in' || !user) error(401, 'Sign in first');
	if (decision === 'forbidden') error(403, `${ROLE_LABELS[user.role]} accounts cannot open this`);
	return user;
}

/**
 * The signed-in user, when the access table lets them use this endpoint or form action: the
 * routes' own check, behind the one in hooks.server.ts, from the same table entry.
 */
export function requireAccess(locals: App.Locals): SessionUser {
	return check(locals, locals.access?.entry);
}

/** As `requireAccess`, for a page's load (which also runs after a form action's POST). */
export function requirePageAccess(locals: App.Locals): SessionUser {
	return check(locals, locals.access ? pageEntry(locals.access.route) : undefined);
}
