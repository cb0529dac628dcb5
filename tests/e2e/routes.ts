/**
 * Every way in that the fuzz suite drives: each page, form action and endpoint method of the
 * access table (src/lib/access.ts). The route-walk test (src/lib/access.spec.ts) keeps the table
 * complete, so nothing under src/routes escapes the suite.
 */
import { ACCESS } from '../../src/lib/access';

export interface Entry {
	kind: 'endpoint' | 'action' | 'page';
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** SvelteKit's route id, e.g. `/api/boards/[id=id]/confirm` or `/(app)/records`. */
	routeId: string;
	/** Form action name (`default` for the unnamed one). */
	action?: string;
}

export function routeEntries(): Entry[] {
	const entries: Entry[] = [];
	for (const e of ACCESS) {
		if (e.kind === 'page') entries.push({ kind: 'page', method: 'GET', routeId: e.route });
		else if (e.kind === 'action')
			entries.push({ kind: 'action', method: 'POST', routeId: e.route, action: e.action });
		else if (e.kind === 'endpoint')
			entries.push({ kind: 'endpoint', method: e.method, routeId: e.route });
	}
	return entries.sort(
		(a, b) => a.routeId.localeCompare(b.routeId) || a.method.localeCompare(b.method)
	);
}

/** The URL path for a route id with its parameters filled in (groups like `(app)` dropped). */
export function pathFor(routeId: string, param: (name: string) => string): string {
	const segments = routeId
		.split('/')
		.filter((s) => s && !/^\(.*\)$/.test(s))
		.map((s) => s.replace(/\[([^\]=]+)(=[^\]]+)?\]/g, (_, name: string) => param(name)));
	return '/' + segments.join('/');
}
