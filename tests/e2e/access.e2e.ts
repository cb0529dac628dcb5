/**
 * The authorization matrix, generated from the access table (src/lib/access.ts): every page,
 * form action, endpoint, socket.io namespace and the /yjs upgrade, called as anonymous, as each
 * role and with an office display's token, against the built server with the demo trust. It
 * asserts the status (allowed: not 401/403 and not sent to sign in; refused: 401 or the sign-in
 * redirect for anonymous, 403 for the wrong role) and, wherever the caller may not see patient
 * data, that the answer holds no NHS number and no demo patient's name.
 *
 * Calls change nothing: state-changing requests name an id that does not exist, carry a
 * malformed JSON body or an empty form (refused as 400/404 by allowed roles), and sign-out goes
 * last for each caller.
 */
import {
	request as playwrightRequest,
	type APIRequestContext,
	type APIResponse
} from '@playwright/test';
import { expect, test } from './test';
import { io } from 'socket.io-client';
import { upgradeStatusAt } from '../upgradeStatus';
import {
	ACCESS,
	decide,
	entryKey,
	pathOf,
	seesPatientData,
	type AccessEntry,
	type ParamKind,
	type Role
} from '../../src/lib/access';
import { E2E_ORIGIN } from './environment';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './session';

const ACCOUNTS = DEMO_ACCOUNTS;
type Principal = 'anonymous' | 'display-token' | keyof typeof ACCOUNTS;
const PRINCIPALS: Principal[] = [
	'anonymous',
	...(Object.keys(ACCOUNTS) as (keyof typeof ACCOUNTS)[]),
	'display-token'
];

/** An id no table holds: allowed callers get a 404 (or 400), and nothing changes. */
const MISSING_ID = 2_000_000_000;

interface Caller {
	principal: Principal;
	role: Role | null;
	request: APIRequestContext;
	cookie: string;
}

interface Fixtures {
	boardId: number;
	display: { id: number; token: string };
	names: string[];
}

/** NHS numbers of the demo trust are 999-range: as ten digits, or spaced 3-3-4. */
const NHS_NUMBER = /(?<!\d)999(?:\d{7}| \d{3} \d{4})(?!\d)/;

function findPatientData(body: string, names: string[]): string | null {
	const nhs = NHS_NUMBER.exec(body);
	if (nhs) return `NHS number ${nhs[0]}`;
	const name = names.find((n) => body.includes(n));
	return name ? `patient name "${name}"` : null;
}

/** Every open pathway's patient, as the database holds them (through an admin's PTL). */
async function patientNames(admin: APIRequestContext): Promise<string[]> {
	const names = new Set<string>();
	for (let page = 1; ; page++) {
		const res = await admin.get(`/api/pathways?pageSize=500&page=${page}`);
		expect(res.status()).toBe(200);
		const ptl = (await res.json()) as { total: number; items: { name: string }[] };
		for (const { name } of ptl.items) {
			// "SMITH, Jo" as the app writes it; also "Jo Smith" and "Smith, Jo"
			const [family, given] = name.split(', ');
			const proper = family.charAt(0) + family.slice(1).toLowerCase();
			names.add(name).add(`${given} ${proper}`).add(`${proper}, ${given}`);
		}
		if (page * 500 >= ptl.total) break;
	}
	return [...names];
}

/** The route id or path an entry is called at (socket entries have none). */
const addressPattern = (entry: AccessEntry) =>
	'route' in entry ? entry.route : 'path' in entry ? entry.path : '';

function paramValue(
	entry: AccessEntry,
	name: string,
	kind: ParamKind,
	f: Fixtures
): string | number {
	const path = addressPattern(entry);
	if (path.startsWith('/display/')) return f.display.id;
	if (Array.isArray(kind)) return kind[0];
	if (kind === 'text') return 'no-such-thing';
	// reads of a real board, so patient data would show if it leaked; every other id is missing
	const read = entry.kind === 'page' || (entry.kind === 'endpoint' && entry.method === 'GET');
	if (read && path.includes('/boards/[id=id]')) return f.boardId;
	return name === 'board' ? f.boardId : MISSING_ID;
}

function addressOf(entry: AccessEntry, f: Fixtures): string {
	const params = Object.fromEntries(
		Object.entries(entry.params ?? {}).map(([name, kind]) => [
			name,
			paramValue(entry, name, kind, f)
		])
	);
	return pathOf(addressPattern(entry), params);
}

interface Outcome {
	status: number;
	location: string;
	bodies: string[];
}

async function callHttp(entry: AccessEntry, caller: Caller, f: Fixtures): Promise<Outcome> {
	const path = addressOf(entry, f);
	const r = caller.request;
	const headers = { origin: E2E_ORIGIN };
	let res: APIResponse;
	const bodies: string[] = [];
	if (entry.kind === 'page') {
		const tokenised = entry.who === 'display-token' && caller.principal === 'display-token';
		res = await r.get(tokenised ? `${path}?token=${f.display.token}` : path, { maxRedirects: 0 });
		// the page's data as the client fetches it (ssr=false pages hold none in their HTML)
		if (!tokenised) {
			const data = await r.get(`${path === '/' ? '' : path}/__data.json`, { maxRedirects: 0 });
			bodies.push(await data.text());
		}
	} else if (entry.kind === 'action') {
		// a plain form post, as without JavaScript; the default action has no `?/` name
		res = await r.post(entry.action === 'default' ? path : `${path}?/${entry.action}`, {
			headers: { ...headers, accept: 'text/html' },
			form: {},
			maxRedirects: 0
		});
	} else if (entry.kind === 'endpoint' || entry.kind === 'server') {
		const method = entry.method;
		res =
			method === 'GET'
				? await r.get(path, { maxRedirects: 0 })
				: await r.fetch(path, {
						method,
						headers: { ...headers, 'content-type': 'application/json' },
						// a truncated body: no allowed caller can act on it
						data: entry.kind === 'endpoint' && entry.body === 'none' ? undefined : '{',
						maxRedirects: 0
					});
	} else {
		throw new Error(`not an HTTP entry: ${entryKey(entry)}`);
	}
	bodies.push(await res.text());
	return { status: res.status(), location: res.headers()['location'] ?? '', bodies };
}

function upgradeStatus(path: string, cookie: string): Promise<number> {
	return upgradeStatusAt(`${E2E_ORIGIN.replace('http', 'ws')}${path}`, {
		...(cookie ? { cookie } : {}),
		origin: E2E_ORIGIN
	});
}

/** Whether a socket.io namespace lets the caller connect (the refusal's message otherwise). */
function socketConnect(
	entry: AccessEntry & { kind: 'socket' },
	caller: Caller,
	f: Fixtures
): Promise<string> {
	return new Promise((resolve) => {
		const socket = io(`${E2E_ORIGIN}${entry.namespace === '/' ? '' : entry.namespace}`, {
			transports: ['websocket'],
			reconnection: false,
			extraHeaders: { ...(caller.cookie ? { cookie: caller.cookie } : {}), origin: E2E_ORIGIN },
			auth:
				caller.principal === 'display-token'
					? { displayId: f.display.id, token: f.display.token }
					: {}
		});
		socket.on('connect', () => {
			socket.disconnect();
			resolve('connected');
		});
		socket.on('connect_error', (err) => {
			socket.disconnect();
			resolve(err.message);
		});
	});
}

/** What the table says a caller should get. */
function expected(entry: AccessEntry, caller: Caller): 'allow' | 'sign-in' | 'forbidden' {
	if (entry.who === 'display-token')
		return caller.principal === 'display-token' ? 'allow' : 'sign-in';
	return decide(entry, caller.role);
}

function judge(entry: AccessEntry, caller: Caller, outcome: Outcome, f: Fixtures): string | null {
	const want = expected(entry, caller);
	const { status, location } = outcome;
	// A demand to sign in names where to come back to; a plain /login is a sign-out that worked.
	const toSignIn = (status === 303 || status === 302) && location.startsWith('/login?next=');
	if (want === 'allow') {
		if (status === 401 || status === 403 || toSignIn || status >= 500)
			return `allowed, but got ${status} ${location}`;
		if (!seesPatientData(entry, caller.role)) {
			for (const body of outcome.bodies) {
				const leak = findPatientData(body, f.names);
				if (leak) return `may not see patient data, but the answer holds ${leak}`;
			}
		}
		return null;
	}
	if (want === 'forbidden')
		return status === 403 ? null : `should be 403, got ${status} ${location}`;
	// anonymous: pages and form actions send to sign in, as today; the API answers 401
	const redirects =
		(entry.kind === 'page' || entry.kind === 'action') && entry.who !== 'display-token';
	if (redirects ? toSignIn : status === 401) return null;
	return `should be ${redirects ? 'sent to /login' : '401'}, got ${status} ${location}`;
}

test('every entry of the access table, called by every kind of caller', async () => {
	test.setTimeout(240_000);
	const callers: Caller[] = [];
	for (const principal of PRINCIPALS) {
		const request = await playwrightRequest.newContext({ baseURL: E2E_ORIGIN });
		let cookie = '';
		let role: Role | null = null;
		if (principal !== 'anonymous' && principal !== 'display-token') {
			const res = await request.post('/api/auth/login', {
				data: { email: ACCOUNTS[principal], password: DEMO_PASSWORD },
				headers: { origin: E2E_ORIGIN }
			});
			expect(res.status(), principal).toBe(200);
			cookie = (await request.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
			role = principal;
		}
		callers.push({ principal, role, request, cookie });
	}
	const admin = callers.find((c) => c.principal === 'admin')!.request;

	// The fixtures: a real board, the demo patients' names, and an office display's token.
	const boards = (await (await admin.get('/api/boards')).json()) as { id: number }[];
	const created = await admin.post('/admin/displays?/create', {
		headers: { origin: E2E_ORIGIN, 'x-sveltekit-action': 'true' },
		form: { name: `Matrix TV ${Date.now()}`, panels: 'breach-tiles', rotateSeconds: '10' }
	});
	const link = /\/display\/(\d+)\?token=([\w-]{43})/.exec(await created.text());
	expect(link, 'the admin is shown the new display link').not.toBeNull();
	const fixtures: Fixtures = {
		boardId: boards[0].id,
		display: { id: Number(link![1]), token: link![2] },
		names: await patientNames(admin)
	};
	expect(fixtures.names.length).toBeGreaterThan(1000);

	// Signing out (and signing out everywhere) ends the caller's session: they go last.
	const isSignOut = (e: AccessEntry) =>
		(e.kind === 'endpoint' && e.route === '/api/auth/logout') ||
		(e.kind === 'action' && e.route === '/(app)/account/sessions' && e.action === 'everywhere');
	const entries = [...ACCESS.filter((e) => !isSignOut(e)), ...ACCESS.filter(isSignOut)];
	const failures: string[] = [];
	const notCalled = new Set<string>();
	let checks = 0;
	for (const caller of callers) {
		for (const entry of entries) {
			let problem: string | null = null;
			if (entry.kind === 'socket') {
				if (entry.event !== 'connect') {
					// server-sent events: their rooms are derived from the table (src/lib/server/realtime.ts)
					notCalled.add(entryKey(entry));
					continue;
				}
				const answer = await socketConnect(entry, caller, fixtures);
				const allowed = expected(entry, caller) === 'allow';
				if (allowed !== (answer === 'connected')) problem = `connect: ${answer}`;
			} else if (entry.kind === 'upgrade') {
				const status = await upgradeStatus(addressOf(entry, fixtures), caller.cookie);
				const want = { allow: 101, 'sign-in': 401, forbidden: 403 }[expected(entry, caller)];
				if (status !== want) problem = `should be ${want}, got ${status}`;
			} else {
				problem = judge(entry, caller, await callHttp(entry, caller, fixtures), fixtures);
			}
			checks++;
			if (problem) failures.push(`${caller.principal} × ${entryKey(entry)}: ${problem}`);
		}
	}
	const called = entries.length - notCalled.size;
	console.log(
		`[access matrix] ${called} entries × ${callers.length} callers = ${checks} checks; ` +
			`${failures.length} failed; not called (server-sent events): ${notCalled.size}`
	);
	for (const c of callers) await c.request.dispose();
	expect(failures, failures.join('\n')).toEqual([]);
});
