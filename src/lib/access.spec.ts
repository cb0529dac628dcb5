/**
 * The access table against what exists: every page, form action and endpoint method under
 * src/routes, and every socket.io event in the wire protocols, must have an entry; every entry
 * must match something that exists. A failure names each one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCESS, entryKey, navFor, pathOf, ROLES, type AccessEntry } from './access';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

/** `/src/routes/(app)/boards/[id]/+page.svelte` → `/(app)/boards/[id]` */
const routeOf = (file: string) =>
	file.replace(/^\/src\/routes/, '').replace(/\/\+[^/]+$/, '') || '/';

const pageFiles = import.meta.glob('/src/routes/**/+page.{svelte,server.ts,server.js,ts,js}');
const pageServers = import.meta.glob<{ actions?: Record<string, unknown> }>(
	'/src/routes/**/+page.server.{ts,js}'
);
const endpoints = import.meta.glob<Record<string, unknown>>('/src/routes/**/+server.{ts,js}');

/** What src/routes serves, as access-table keys. */
async function routesOnDisk(): Promise<Set<string>> {
	const keys = new Set<string>();
	for (const file of Object.keys(pageFiles)) keys.add(`page ${routeOf(file)}`);
	for (const [file, load] of Object.entries(pageServers)) {
		for (const name of Object.keys((await load()).actions ?? {})) {
			keys.add(`action ${routeOf(file)} ?/${name}`);
		}
	}
	for (const [file, load] of Object.entries(endpoints)) {
		const exported = Object.keys(await load()).filter(
			(name) => METHODS.includes(name) || name === 'fallback'
		);
		for (const method of exported) keys.add(`${method} ${routeOf(file)}`);
	}
	return keys;
}

/** Event names in a wire-protocol interface (`'name': (…) => void`). */
function eventsIn(file: string, iface: string): string[] {
	const source = readFileSync(new URL(file, import.meta.url), 'utf8');
	const body = new RegExp(`interface ${iface} \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1] ?? '';
	return [...body.matchAll(/^\t'([^']+)':/gm)].map((m) => m[1]);
}

const routed = (e: AccessEntry) =>
	e.kind === 'page' || e.kind === 'action' || e.kind === 'endpoint';

describe('the access table', () => {
	it('declares every page, form action and endpoint method under src/routes', async () => {
		const onDisk = await routesOnDisk();
		const declared = new Set(ACCESS.filter(routed).map(entryKey));
		const missing = [...onDisk].filter((k) => !declared.has(k)).sort();
		expect(missing, `add these to ACCESS in src/lib/access.ts:\n${missing.join('\n')}\n`).toEqual(
			[]
		);
	});

	it('has no entry for a page, action or method that does not exist', async () => {
		const onDisk = await routesOnDisk();
		const stale = ACCESS.filter(routed)
			.map(entryKey)
			.filter((k) => !onDisk.has(k));
		expect(stale, `these entries match no route:\n${stale.join('\n')}\n`).toEqual([]);
	});

	it('declares every socket.io event of both namespaces, and nothing else', () => {
		const wire = [
			...eventsIn('./contracts/realtime/events.ts', 'ServerToClientEvents').map(
				(e) => `socket / ${e}`
			),
			...eventsIn('./contracts/realtime/events.ts', 'ClientToServerEvents').map(
				(e) => `socket / ${e}`
			),
			...eventsIn('./contracts/realtime/display.ts', 'DisplayServerToClientEvents').map(
				(e) => `socket /display ${e}`
			),
			...eventsIn('./contracts/realtime/display.ts', 'DisplayClientToServerEvents').map(
				(e) => `socket /display ${e}`
			),
			'socket / connect',
			'socket /display connect'
		].sort();
		const declared = ACCESS.filter((e) => e.kind === 'socket')
			.map(entryKey)
			.sort();
		expect(declared).toEqual(wire);
	});

	it('has one entry per key, and a value kind for every path parameter', () => {
		const keys = ACCESS.map(entryKey);
		expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
		for (const e of ACCESS) {
			const route = 'route' in e ? e.route : 'path' in e ? e.path : '';
			const params = [...route.matchAll(/\[(\w+)(?:=\w+)?\]/g)].map((m) => m[1]).sort();
			expect(Object.keys(e.params ?? {}).sort(), entryKey(e)).toEqual(params);
		}
	});

	it('names roles that exist, and keeps patient data to roles the entry admits', () => {
		for (const e of ACCESS) {
			if (Array.isArray(e.who)) for (const r of e.who) expect(ROLES, entryKey(e)).toContain(r);
			if (typeof e.phi === 'object') {
				expect(Array.isArray(e.who), `${entryKey(e)}: a mixed entry lists its roles`).toBe(true);
				for (const r of e.phi.only) expect(e.who, entryKey(e)).toContain(r);
			}
		}
	});

	it('derives the navigation: each role sees the labelled pages it may open', () => {
		expect(navFor('manager').map((n) => n.href)).toEqual([
			'/',
			'/dashboards/breach-risk',
			'/dashboards/records',
			'/boards',
			'/settings/planning'
		]);
		expect(navFor('summariser').map((n) => n.href)).toEqual(['/', '/summarising']);
		for (const role of ROLES) expect(navFor(role).map((n) => n.href)).not.toContain('/login');
		expect(pathOf('/(app)/boards/[id]', { id: 7 })).toBe('/boards/7');
	});
});
