/**
 * Every way in that the fuzz suite drives, found by walking src/routes: each +server.ts method,
 * each +page.server.ts action and each page. One function, so the access table (one entry per
 * page, action and endpoint) can replace this walk without touching the suite.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface Entry {
	kind: 'endpoint' | 'action' | 'page';
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** SvelteKit's route id, e.g. `/api/boards/[id=id]/confirm` or `/(app)/records`. */
	routeId: string;
	/** Form action name (`default` for the unnamed one). */
	action?: string;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export function routeEntries(root = 'src/routes'): Entry[] {
	const entries: Entry[] = [];
	const walk = (dir: string) => {
		for (const item of readdirSync(dir, { withFileTypes: true })) {
			const path = join(dir, item.name);
			if (item.isDirectory()) {
				walk(path);
				continue;
			}
			const routeId = '/' + relative(root, dir).split(sep).filter(Boolean).join('/');
			const source = () => readFileSync(path, 'utf8');
			if (item.name === '+server.ts') {
				for (const method of METHODS) {
					if (new RegExp(`export (const|async function|function) ${method}\\b`).test(source())) {
						entries.push({ kind: 'endpoint', method, routeId });
					}
				}
			} else if (item.name === '+page.server.ts') {
				const block = /export const actions = \{([\s\S]*?)\n\} satisfies Actions/.exec(source());
				for (const [, name] of block?.[1].matchAll(/^\t(\w+): async/gm) ?? []) {
					entries.push({ kind: 'action', method: 'POST', routeId, action: name });
				}
			} else if (item.name === '+page.svelte') {
				entries.push({ kind: 'page', method: 'GET', routeId });
			}
		}
	};
	walk(root);
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
