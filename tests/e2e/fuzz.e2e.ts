/**
 * Property-based fuzzing of every endpoint, form action and page (tests/e2e/routes.ts) against a
 * built server of its own, as each role and as nobody: garbage ids, query strings and bodies
 * (truncated JSON, wrong types, huge numbers, NUL, lone surrogates, deep nesting, empty, too
 * large, cross-site). No answer may be a 5xx, a cross-site write must be a 403, and since every
 * id the fuzz sends to a write is malformed or names nothing, what the admin can read must be
 * the same afterwards. FUZZ_REQUESTS (default 2400) and FUZZ_SEED set the run; `npm run fuzz`
 * runs a longer one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { expect, test } from './test';
import fc from 'fast-check';
import { pathFor, routeEntries, type Entry } from './routes';
import { DEMO_PASSWORD } from './session';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2400);
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const BATCH = 8;
/** Stands for a 300 kB body, written out only when sent (so a failure report stays readable). */
const HUGE = '<300 kB of JSON>';
const PORT = 20000 + Math.floor(Math.random() * 20000);
const ORIGIN = `http://localhost:${PORT}`;
const EVIL = 'http://evil.example';
const ID_MAX = 2_147_483_647;
const ROLES = ['admin', 'coordinator', 'teamlead', 'records', 'summariser', 'manager'] as const;
type Who = (typeof ROLES)[number] | 'nobody';

// ---- what is sent -------------------------------------------------------------------------

const nastyText = fc.constantFrom(
	'',
	'\u0000',
	'a\u0000b',
	'\ud800',
	'x\udfff',
	'😀',
	'0',
	'-1',
	'01',
	'1e3',
	'1e309',
	'NaN',
	'Infinity',
	'999999999999',
	String(ID_MAX + 1),
	'2026-02-30',
	"' or 1=1 --",
	'<script>alert(1)</script>',
	'%00',
	'../../etc/passwd',
	'x'.repeat(5000),
	'none',
	'me',
	'unassigned',
	'claim',
	'still_waiting'
);
const text = fc.oneof(
	nastyText,
	fc.string({ maxLength: 40 }),
	fc.string({ unit: 'binary', maxLength: 20 })
);
/** Ids that cannot name a row: malformed, out of range, or well-formed but far beyond the demo's. */
const writeId = fc.oneof(
	fc.integer({ min: 1_000_000, max: ID_MAX }),
	fc.constantFrom(0, -1, ID_MAX + 1, 1e12, 1.5, 2 ** 53, 1e308)
);
const number = fc.oneof(
	writeId,
	fc.double({ noNaN: false }),
	fc.constantFrom(-0, Number.MAX_SAFE_INTEGER)
);
const KEYS = [
	'pathwayIds',
	'ids',
	'id',
	'to',
	'sessionId',
	'startTime',
	'reason',
	'outcome',
	'clinicalDecision',
	'stopDate',
	'patientAgreed',
	'stopCode',
	'kind',
	'barcode',
	'locationId',
	'expectedFrom',
	'destinationLocationId',
	'urgency',
	'note',
	'email',
	'password',
	'sla',
	'clinicLeadWorkingDays',
	'leadBySite',
	'bankHolidays',
	'waitSlopes',
	'rttLatePerDay',
	'entries',
	'summary',
	'assigneeId',
	'displayId',
	'name',
	'panels',
	'specialtyCode',
	'rotateSeconds'
];
const leaf = fc.oneof(text, number, fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
	any: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
	array: fc.array(tie('any'), { maxLength: 4 }),
	object: fc.dictionary(
		fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })),
		tie('any'),
		{ maxKeys: 5 }
	)
})).any;

type Body =
	| { type: 'none' }
	| { type: 'json'; raw: string; contentType: string }
	| { type: 'form'; fields: [string, string][] };

const jsonBody: fc.Arbitrary<Body> = fc
	.tuple(
		value,
		fc.constantFrom('whole', 'truncated', 'nul', 'surrogate', 'deep', 'empty', 'huge', 'garbage'),
		fc.nat(),
		fc.constantFrom('application/json', 'application/json', 'text/plain')
	)
	.map(([v, how, cut, contentType]) => {
		const whole = JSON.stringify(v) ?? 'null';
		const raw = {
			whole,
			truncated: whole.slice(0, Math.max(0, whole.length - 1 - (cut % Math.max(1, whole.length)))),
			nul: `{"note":"a\\u0000b","pathwayIds":[1000001]}`,
			surrogate: `{"note":"\\ud800","ids":[1000001]}`,
			deep: '['.repeat(5000 + (cut % 5000)) + ']'.repeat(5000 + (cut % 5000)),
			empty: '',
			huge: HUGE,
			garbage: '\u00ff\u0000{]'
		}[how];
		return { type: 'json' as const, raw, contentType };
	});
const formBody: fc.Arbitrary<Body> = fc
	.array(
		fc.tuple(
			fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })),
			fc.oneof(text, writeId.map(String))
		),
		{ maxLength: 6 }
	)
	.map((fields) => ({ type: 'form' as const, fields }));

/** A path segment; a lone surrogate goes as the bytes UTF-8 would give it, which are not UTF-8. */
function segment(value: string): string {
	try {
		return encodeURIComponent(value);
	} catch {
		return '%ED%A0%80';
	}
}

interface Shot {
	entry: Entry;
	who: Who;
	path: string;
	query: [string, string][];
	body: Body;
	origin: 'own' | 'evil' | 'none';
}

const QUERY_KEYS = [
	'site',
	'siteId',
	'specialty',
	'listType',
	'page',
	'pageSize',
	'weeks',
	'q',
	'date',
	'pathwayId',
	'priority',
	'assigned',
	'token',
	'next',
	'band'
];

function shot(entries: Entry[]): fc.Arbitrary<Shot> {
	return fc
		.record({
			entry: fc.constantFrom(...entries),
			who: fc.constantFrom<Who>(...ROLES, 'nobody'),
			readId: fc.oneof(
				fc.integer({ min: 1, max: 60 }).map(String),
				writeId.map(String),
				nastyText.map(segment)
			),
			writeId: fc.oneof(writeId.map(String), nastyText.map(segment)),
			other: fc.oneof(
				fc.constantFrom('claim', 'release', 'draft', 'complete', 'x'),
				fc.uuid(),
				text.map(segment)
			),
			query: fc.array(
				fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 6 })), text),
				{ maxLength: 4 }
			),
			json: jsonBody,
			form: formBody,
			bodyless: fc.boolean(),
			origin: fc.constantFrom<Shot['origin']>('own', 'own', 'own', 'own', 'evil', 'none')
		})
		.map((r) => {
			const write = r.entry.method !== 'GET';
			const path = pathFor(r.entry.routeId, (name) =>
				name === 'id' ? (write ? r.writeId : r.readId) : r.other
			);
			const body: Body =
				!write || r.bodyless ? { type: 'none' } : r.entry.kind === 'action' ? r.form : r.json;
			// Signing in and out are driven by nobody, so the roles' sessions last the whole run:
			// the sign-in API, and "sign me out everywhere" on the account's sessions page, which
			// rightly needs no body (a new route moved the seeded draw onto it as the admin).
			const signsInOrOut =
				r.entry.routeId.startsWith('/api/auth') || r.entry.routeId === '/(app)/account/sessions';
			const who = signsInOrOut ? 'nobody' : r.who;
			return { entry: r.entry, who, path, query: r.query, body, origin: r.origin };
		});
}

function urlOf(s: Shot): string {
	const query = new URLSearchParams(s.query).toString();
	// SvelteKit reads the action from the first parameter whose name starts with "/"
	const action =
		s.entry.kind === 'action' && (s.entry.action !== 'default' || s.query.length % 3 === 2)
			? `/${s.entry.action}`
			: '';
	const search = [action, query].filter(Boolean).join('&');
	return search ? `${s.path}?${search}` : s.path;
}

async function send(api: APIRequestContext, s: Shot) {
	const headers: Record<string, string> = {
		accept: s.entry.kind === 'endpoint' ? 'application/json' : 'text/html'
	};
	// A write the server refuses before reading its body leaves the connection unusable for the
	// next request on it; each write gets a connection of its own so that is not mistaken for a fault.
	if (s.entry.method !== 'GET') headers.connection = 'close';
	if (s.origin === 'own') headers.origin = ORIGIN;
	if (s.origin === 'evil') headers.origin = EVIL;
	const options: Parameters<APIRequestContext['fetch']>[1] = {
		method: s.entry.method,
		headers,
		maxRedirects: 0,
		failOnStatusCode: false
	};
	if (s.body.type === 'json') {
		headers['content-type'] = s.body.contentType;
		options.data = Buffer.from(
			s.body.raw === HUGE ? JSON.stringify({ note: 'x'.repeat(300_000) }) : s.body.raw
		);
	} else if (s.body.type === 'form') {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		options.data = new URLSearchParams(s.body.fields).toString();
	}
	return api.fetch(urlOf(s), options);
}

// ---- the server and what it holds ---------------------------------------------------------

let server: ChildProcess;
let serverLog = '';
const contexts = new Map<Who, APIRequestContext>();

async function healthy(): Promise<void> {
	for (let i = 0; i < 240; i++) {
		try {
			if ((await fetch(`${ORIGIN}/healthz`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`the fuzz server did not start:\n${serverLog}`);
}

/** What the admin can read about the data every write endpoint touches. */
async function snapshot(admin: APIRequestContext): Promise<Record<string, unknown>> {
	const reads = [
		'/api/pathways?pageSize=500',
		'/api/boards',
		'/api/records/settings',
		'/api/settings/planning-weights',
		'/api/dashboards/records',
		'/api/dashboards/breach-risk'
	];
	const out: Record<string, unknown> = {};
	for (const path of reads) {
		const res = await admin.get(path);
		expect(res.status(), path).toBe(200);
		// when a figure was computed is not data
		out[path] = JSON.parse(await res.text(), (key, v: unknown) =>
			key === 'generatedAt' ? undefined : v
		);
	}
	return out;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	test.setTimeout(180_000);
	server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
		env: {
			...process.env,
			PORT: String(PORT),
			ORIGIN,
			DATABASE_URL: 'memory://',
			WAITWISE_DEMO: '1',
			DEMO_PATHWAYS: '400',
			DEMO_SEED: '11'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	server.stdout?.on('data', (d: Buffer) => (serverLog += d.toString()));
	server.stderr?.on('data', (d: Buffer) => (serverLog += d.toString()));
	await healthy();
	for (const who of [...ROLES, 'nobody'] as const) {
		const api = await playwrightRequest.newContext({ baseURL: ORIGIN });
		if (who !== 'nobody') {
			const res = await api.post('/api/auth/login', {
				data: { email: `${who}@demo.test`, password: DEMO_PASSWORD }
			});
			expect(res.status(), who).toBe(200);
		}
		contexts.set(who, api);
	}
});

test.afterAll(async () => {
	writeFileSync(test.info().outputPath('fuzz-server.log'), serverLog);
	for (const api of contexts.values()) await api.dispose();
	if (server && server.exitCode === null) {
		const exited = new Promise((r) => server.once('exit', r));
		server.kill('SIGTERM');
		await exited;
	}
});

test('no request gives a 5xx, cross-site writes are refused, and refused writes change nothing', async () => {
	test.setTimeout(600_000);
	const entries = routeEntries();
	const admin = contexts.get('admin')!;
	const before = await snapshot(admin);
	const statuses = new Map<number, number>();
	let sent = 0;
	const started = Date.now();
	console.log(
		`fuzz: ${entries.length} routes, seed ${SEED}, ${REQUESTS} requests (FUZZ_SEED, FUZZ_REQUESTS)`
	);

	await fc.assert(
		fc.asyncProperty(
			fc.array(shot(entries), { minLength: BATCH, maxLength: BATCH }),
			async (batch) => {
				const answers = await Promise.all(batch.map((s) => send(contexts.get(s.who)!, s)));
				answers.forEach((res, i) => {
					const s = batch[i];
					const status = res.status();
					sent++;
					statuses.set(status, (statuses.get(status) ?? 0) + 1);
					const what = `${s.who} ${s.entry.method} ${urlOf(s).slice(0, 200)} origin=${s.origin} body=${JSON.stringify(s.body).slice(0, 300)}`;
					expect(status, what).toBeLessThan(500);
					if (s.origin === 'evil' && s.entry.method !== 'GET') expect(status, what).toBe(403);
				});
			}
		),
		{ seed: SEED, numRuns: Math.ceil(REQUESTS / BATCH), endOnFailure: true }
	);

	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	const histogram = [...statuses]
		.sort(([a], [b]) => a - b)
		.map(([s, n]) => `${s}: ${n}`)
		.join(', ');
	console.log(`fuzz: ${sent} requests in ${seconds} s, seed ${SEED}; statuses ${histogram}`);
	test.info().annotations.push({
		type: 'fuzz',
		description: `${sent} requests, seed ${SEED}, ${seconds} s; ${histogram}`
	});

	expect(server.exitCode, `the server exited:\n${serverLog.slice(-2000)}`).toBeNull();
	expect(await snapshot(admin)).toEqual(before);
	// Nothing reached handleError: an unexpected failure is logged as "request failed".
	expect(serverLog).not.toContain('request failed');
});
