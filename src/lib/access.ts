/**
 * Who may use what: every page, form action, API endpoint, socket.io namespace and event, and the
 * live-board websocket, declared once. The server enforces it (hooks.server.ts for SvelteKit
 * routes, server/realtime.ts for socket.io, server/yjs.ts for /yjs), routes check again through
 * `requireAccess`, and the navigation is derived from the page entries that have a label.
 *
 * Adding a route: add its entry here. Until then the server refuses it, and the route-walk test
 * (src/lib/access.spec.ts) names what is missing. Imported by browser code too: no server-only
 * imports here.
 */
import type { Role } from '../../db/schema';
import { REFERENCE_KINDS } from './domain/referenceKinds';

export type { Role };

/** Every role, as people read it (also what says which roles exist, for browser code). */
export const ROLE_LABELS: Record<Role, string> = {
	admin: 'Administrator',
	coordinator: 'Waiting list coordinator',
	team_leader: 'Team leader',
	records: 'Health records',
	summariser: 'Medical summariser',
	manager: 'Service manager',
	display: 'Office display'
};
export const ROLES = Object.keys(ROLE_LABELS) as Role[];

/**
 * Who may use an entry: roles, anyone (`public`), any signed-in user, or an office display's
 * token (checked by the route or namespace itself; the token is not a session).
 */
export type Who = readonly Role[] | 'public' | 'signed-in' | 'display-token';

/**
 * Whether an entry carries patient-identifiable data: never, always, or only for the roles
 * listed, every other allowed role getting a form without it.
 */
export type Phi = boolean | { only: readonly Role[] };

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a path parameter holds, so a caller (tests, the fuzz suite) can make one up. */
export type ParamKind = 'id' | 'text' | readonly string[];

interface Common {
	who: Who;
	phi: Phi;
	/** What a path parameter holds, by name (`[id]` and `[id=id]` → `id`). */
	params?: Readonly<Record<string, ParamKind>>;
}

export interface PageEntry extends Common {
	kind: 'page';
	/** SvelteKit route id, e.g. `/(app)/boards/[id]`. */
	route: string;
	/** Shown in the navigation, in table order, to the roles that may open it. */
	label?: string;
}

export interface ActionEntry extends Common {
	kind: 'action';
	route: string;
	/** The `?/name` of the form action; `default` for the unnamed one. */
	action: string;
}

export interface EndpointEntry extends Common {
	kind: 'endpoint';
	route: string;
	method: Method;
	/**
	 * What the request carries: nothing, a JSON body, or a file as the whole body (streamed to disk,
	 * the only bodies allowed past FORM_BODY_LIMIT; src/lib/server/http/steps.ts `bodySize`).
	 */
	body: 'none' | 'json' | 'file';
}

/** A socket.io namespace (`event: 'connect'`) or an event on it. */
export interface SocketEntry extends Common {
	kind: 'socket';
	namespace: '/' | '/display';
	event: string;
	/** Who sends it: the client (checked on arrival) or the server (sent to `who` only). */
	from: 'client' | 'server';
}

/** An HTTP path the Node server answers itself, before SvelteKit (/healthz). */
export interface ServerEntry extends Common {
	kind: 'server';
	path: string;
	method: Method;
}

/** A websocket endpoint the Node server owns outside SvelteKit (/yjs/<board>). */
export interface UpgradeEntry extends Common {
	kind: 'upgrade';
	path: string;
	/** Roles whose changes are accepted; the others in `who` watch read-only. */
	write: readonly Role[];
}

export type AccessEntry =
	PageEntry | ActionEntry | EndpointEntry | SocketEntry | ServerEntry | UpgradeEntry;

// ---- role groups: each list is written here once and named for the work it opens -----------

/** Patient-identifiable waiting-list data, planning, bookings and validation. */
const PTL: readonly Role[] = ['admin', 'coordinator', 'team_leader'];
/** Planning boards: the PTL roles plan, managers watch read-only without patient data. */
const BOARD_WATCHERS: readonly Role[] = [...PTL, 'manager'];
/** Health-records worklists: records staff, supervised by team leaders. */
const RECORDS: readonly Role[] = ['admin', 'team_leader', 'records'];
/** The summarising queue; team leaders and admins may hand claims on. */
const SUMMARISING: readonly Role[] = ['admin', 'team_leader', 'summariser'];
/** Who holds what, reassignment and throughput. */
const TEAM: readonly Role[] = ['admin', 'team_leader'];
/** Breach-risk dashboard: aggregates (drill-down to patients needs PTL). */
const DASHBOARD: readonly Role[] = ['admin', 'manager', 'team_leader', 'coordinator', 'records'];
/** Records dashboard: the people who answer for the records service. */
const RECORDS_DASHBOARD: readonly Role[] = ['admin', 'manager', 'team_leader', 'records'];
/** Planning and benchmarking the service: how the list compares and where it is heading. */
const SERVICE_MANAGEMENT: readonly Role[] = ['admin', 'manager', 'team_leader'];
/** The optimiser's weights. */
const PLANNING_SETTINGS: readonly Role[] = ['admin', 'manager'];
const ADMIN: readonly Role[] = ['admin'];
/**
 * Who may check an import without writing it (a dry run): PTL extracts, job plans, and the
 * preview of the sessions job plans would generate. Coordinators plan the slots.
 */
const PTL_IMPORT_CHECK: readonly Role[] = ['admin', 'coordinator'];

const ID = { id: 'id' } as const;
const REFERENCE_KIND = { kind: REFERENCE_KINDS } as const;

const page = (route: string, who: Who, phi: Phi, extra: Partial<PageEntry> = {}): PageEntry => ({
	kind: 'page',
	route,
	who,
	phi,
	...extra
});
const action = (
	route: string,
	name: string,
	who: Who,
	phi: Phi,
	extra: Partial<ActionEntry> = {}
): ActionEntry => ({
	kind: 'action',
	route,
	action: name,
	who,
	phi,
	...extra
});
const endpoint = (
	method: Method,
	route: string,
	who: Who,
	phi: Phi,
	extra: Partial<EndpointEntry> = {}
): EndpointEntry => ({
	kind: 'endpoint',
	route,
	method,
	who,
	phi,
	body: method === 'GET' ? 'none' : 'json',
	...extra
});
const socket = (
	namespace: SocketEntry['namespace'],
	event: string,
	from: SocketEntry['from'],
	who: Who
): SocketEntry => ({ kind: 'socket', namespace, event, from, who, phi: false });

export const ACCESS: readonly AccessEntry[] = [
	// ---- pages (labelled ones make the navigation, in this order) ----
	page('/(app)', 'signed-in', false, { label: 'Overview' }),
	page('/(app)/dashboards/breach-risk', DASHBOARD, false, { label: 'Breach risk' }),
	page('/(app)/dashboards/breach-risk/print', DASHBOARD, false),
	page('/(app)/dashboards/records', RECORDS_DASHBOARD, false, { label: 'Records dashboard' }),
	// reached from the breach-risk dashboard; the menus are full at 1280 px
	page('/(app)/dashboards/benchmark', SERVICE_MANAGEMENT, false),
	page('/(app)/planning/capacity', SERVICE_MANAGEMENT, false),
	page('/(app)/ptl', PTL, true, { label: 'Patient tracking list' }),
	page('/(app)/patients/[id=id]', PTL, true, { params: ID }),
	page('/(app)/boards', BOARD_WATCHERS, false, { label: 'Planning boards' }),
	page('/(app)/boards/[id=id]', BOARD_WATCHERS, { only: PTL }, { params: ID }),
	page('/(app)/validation', PTL, true, { label: 'Validation' }),
	page('/(app)/records', RECORDS, true, { label: 'Case notes' }),
	page('/(app)/records/settings', ADMIN, false),
	page('/(app)/summarising', SUMMARISING, true, { label: 'Summarising' }),
	page('/(app)/team', TEAM, true, { label: 'Team' }),
	page('/(app)/settings/planning', PLANNING_SETTINGS, false, { label: 'Planning weights' }),
	// the appointment / TCI letter's wording and the trust's contact details (reached from the
	// planning weights page: the menus are full)
	page('/(app)/settings/letters', ADMIN, false),
	page('/(app)/admin/displays', ADMIN, false, { label: 'Office displays' }),
	page('/(app)/admin/users', ADMIN, false, { label: 'Users' }),
	// PTL import (issue 14): coordinators may check a file (dry run); only admins write
	page('/(app)/admin/import', PTL_IMPORT_CHECK, true, { label: 'Import' }),
	// sites, specialties, consultants and staff: setting the trust up is the admin's, and a staff
	// file's dry run would show who has an account, so admins only, dry runs too
	page('/(app)/admin/import/[kind=referenceKind]', ADMIN, false, { params: REFERENCE_KIND }),
	// each person's own sessions (reached from their name in the header)
	page('/(app)/account/sessions', 'signed-in', false),
	page('/login', 'public', false),
	// a set-password link from the staff import: the token is the key; a spent one is a 404
	page('/welcome/[token]', 'public', false, { params: { token: 'text' } }),
	// job plans (issue 14 part 2): templates and the sessions they make; no patient on them
	page('/(app)/admin/job-plans', PTL_IMPORT_CHECK, false),
	// a new trust's checklist of imports, with counts
	page('/(app)/admin/setup', ADMIN, false, { label: 'Setup' }),
	// the first administrator, with the code the server printed; 404 once there is one
	page('/setup', 'public', false),
	page('/display/[id=id]', 'display-token', false, { params: ID }),

	// ---- form actions ----
	action('/login', 'default', 'public', false),
	action('/setup', 'default', 'public', false),
	action('/(app)/admin/displays', 'create', ADMIN, false),
	action('/(app)/admin/displays', 'revoke', ADMIN, false),
	action('/(app)/records', 'move', RECORDS, true),
	action('/(app)/records', 'bulk', RECORDS, true),
	action('/(app)/records', 'scan', RECORDS, true),
	action('/(app)/records', 'raise', RECORDS, true),
	action('/(app)/records', 'assign', RECORDS, true),
	action('/(app)/records/settings', 'default', ADMIN, false),
	action('/(app)/settings/planning', 'default', PLANNING_SETTINGS, false),
	action('/(app)/settings/letters', 'default', ADMIN, false),
	action('/(app)/summarising', 'claim', SUMMARISING, true),
	action('/(app)/summarising', 'release', SUMMARISING, true),
	action('/(app)/team', 'reassign', TEAM, true),
	action('/(app)/validation', 'outcome', PTL, true),
	action('/(app)/validation', 'assign', PTL, true),
	action('/(app)/account/sessions', 'end', 'signed-in', false),
	action('/(app)/account/sessions', 'others', 'signed-in', false),
	action('/(app)/account/sessions', 'everywhere', 'signed-in', false),
	action('/(app)/admin/import', 'dryRun', PTL_IMPORT_CHECK, true),
	action('/(app)/admin/import', 'import', ADMIN, true),
	action('/(app)/admin/import/[kind=referenceKind]', 'dryRun', ADMIN, false, {
		params: REFERENCE_KIND
	}),
	action('/(app)/admin/import/[kind=referenceKind]', 'import', ADMIN, false, {
		params: REFERENCE_KIND
	}),
	action('/welcome/[token]', 'default', 'public', false, { params: { token: 'text' } }),
	action('/(app)/admin/job-plans', 'check', PTL_IMPORT_CHECK, false),
	action('/(app)/admin/job-plans', 'import', ADMIN, false),
	action('/(app)/admin/job-plans', 'preview', PTL_IMPORT_CHECK, false),
	action('/(app)/admin/job-plans', 'generate', ADMIN, false),
	action('/(app)/admin/users', 'disable', ADMIN, false),
	action('/(app)/admin/users', 'enable', ADMIN, false),
	action('/(app)/admin/users', 'role', ADMIN, false),
	action('/(app)/admin/users', 'unlock', ADMIN, false),
	action('/(app)/admin/users', 'endSessions', ADMIN, false),
	action('/(app)/admin/users', 'endSession', ADMIN, false),
	// saved PTL views: each PTL user saves their own, as PTL links anyone on the PTL may open;
	// the owner deletes. A view's search may name a patient, so they carry patient data.
	action('/(app)/ptl', 'saveView', PTL, true),
	action('/(app)/ptl', 'deleteView', PTL, true),
	// capacity planner scenarios: anyone who plans saves and opens them; the owner deletes
	action('/(app)/planning/capacity', 'save', SERVICE_MANAGEMENT, false),
	action('/(app)/planning/capacity', 'delete', SERVICE_MANAGEMENT, false),

	// ---- API ----
	endpoint('POST', '/api/auth/login', 'public', false),
	endpoint('POST', '/api/auth/logout', 'public', false, { body: 'none' }),
	endpoint('GET', '/api/me', 'signed-in', false),
	endpoint('GET', '/api/boards', BOARD_WATCHERS, false),
	endpoint('GET', '/api/boards/[id=id]', BOARD_WATCHERS, { only: PTL }, { params: ID }),
	endpoint('POST', '/api/boards/[id=id]/confirm', PTL, true, { params: ID }),
	endpoint('POST', '/api/boards/[id=id]/conflicts/[conflict]/resolve', PTL, false, {
		params: { id: 'id', conflict: 'text' },
		body: 'none'
	}),
	endpoint('POST', '/api/boards/[id=id]/proposals', PTL, false, { params: ID, body: 'none' }),
	endpoint('GET', '/api/boards/[id=id]/proposals/[proposal]', PTL, true, {
		params: { id: 'id', proposal: 'text' }
	}),
	endpoint('GET', '/api/bookings/[id=id]/move-candidates', PTL, false, { params: ID }),
	endpoint('POST', '/api/bookings/[id=id]/move', PTL, true, { params: ID }),
	endpoint('POST', '/api/bookings/[id=id]/cancel', PTL, true, { params: ID }),
	// the patient's letter: name, address and appointment; each one drawn is audited
	endpoint('GET', '/api/bookings/[id=id]/letter.pdf', PTL, true, { params: ID }),
	endpoint('POST', '/api/bookings/[id=id]/letter-sent', PTL, true, { params: ID }),
	// how an appointment went, on or after its day, in the national attendance codes
	endpoint('POST', '/api/bookings/[id=id]/outcome', PTL, true, { params: ID }),
	endpoint('GET', '/api/dashboards/breach-risk', DASHBOARD, false),
	endpoint('GET', '/api/dashboards/records', RECORDS_DASHBOARD, false),
	endpoint('GET', '/api/capacity/history', SERVICE_MANAGEMENT, false),
	// FHIR R4 for the PAS (issue 14): sessions carry no patient; appointments name patients by
	// NHS number; sessions come in only through an admin
	endpoint('GET', '/api/fhir/Slot', BOARD_WATCHERS, false),
	endpoint('POST', '/api/fhir/Slot', ADMIN, false),
	endpoint('GET', '/api/fhir/Appointment', PTL, true),
	endpoint('GET', '/api/pathways', PTL, true),
	// a PTL extract as the request body, answered with the import's progress and report
	endpoint('POST', '/api/imports/ptl/check', PTL_IMPORT_CHECK, true, { body: 'file' }),
	endpoint('POST', '/api/imports/ptl', ADMIN, true, { body: 'file' }),
	// a source's header mapping: coordinators use saved ones in dry runs; only admins save
	endpoint('POST', '/api/imports/sources', ADMIN, false),
	endpoint('GET', '/api/patients/[id=id]', PTL, true, { params: ID }),
	endpoint('POST', '/api/pathways/[id=id]/nhs-number', PTL, true, { params: ID, body: 'none' }),
	// booking from the PTL (issue 12): the sessions offered carry no patient; an offer does
	endpoint('GET', '/api/pathways/[id=id]/book-candidates', PTL, false, { params: ID }),
	endpoint('POST', '/api/pathways/[id=id]/book', PTL, true, { params: ID }),
	// another appointment offered after a first-appointment DNA: a new clock from today
	endpoint('POST', '/api/pathways/[id=id]/restart-clock', PTL, true, { params: ID, body: 'none' }),
	endpoint('GET', '/api/records/requests', RECORDS, true),
	endpoint('POST', '/api/records/requests', RECORDS, true),
	endpoint('GET', '/api/records/requests/[id=id]', RECORDS, true, { params: ID }),
	endpoint('POST', '/api/records/requests/[id=id]/transition', RECORDS, true, { params: ID }),
	endpoint('POST', '/api/records/requests/bulk', RECORDS, true),
	endpoint('POST', '/api/records/scan', RECORDS, true),
	endpoint('GET', '/api/records/settings', ADMIN, false),
	endpoint('PUT', '/api/records/settings', ADMIN, false),
	endpoint('GET', '/api/settings/planning-weights', PLANNING_SETTINGS, false),
	endpoint('PUT', '/api/settings/planning-weights', PLANNING_SETTINGS, false),
	// the letter a summarising item was raised for, read beside the summary editor
	endpoint('GET', '/api/summarising/[id=id]/document', SUMMARISING, true, { params: ID }),
	endpoint('POST', '/api/summarising/[id=id]/[action]', SUMMARISING, true, {
		// claim and release carry no body; draft and complete a JSON summary
		params: { id: 'id', action: ['claim', 'release', 'draft', 'complete'] }
	}),
	endpoint('POST', '/api/team/reassign', TEAM, true),
	endpoint('POST', '/api/validation/[id=id]/outcome', PTL, true, { params: ID }),

	// ---- socket.io: connections, and the events sent to (or accepted from) each role ----
	socket('/', 'connect', 'client', 'signed-in'),
	socket('/', 'waitlist:changed', 'server', 'signed-in'),
	socket('/', 'proposal:progress', 'server', PTL),
	socket('/', 'proposal:ready', 'server', PTL),
	socket('/', 'proposal:failed', 'server', PTL),
	socket('/', 'records:changed', 'server', RECORDS_DASHBOARD),
	// managers see summarisers' throughput on the records dashboard
	socket('/', 'summarising:changed', 'server', [...SUMMARISING, 'manager']),
	socket('/', 'dashboard:changed', 'server', DASHBOARD),
	socket('/', 'validation:changed', 'server', PTL),
	// to the previous holder's own room only, when someone takes over their item
	socket('/', 'work:taken-over', 'server', [...new Set([...RECORDS, ...PTL, ...SUMMARISING])]),
	socket('/display', 'connect', 'client', 'display-token'),
	socket('/display', 'display:data', 'server', 'display-token'),
	socket('/display', 'display:revoked', 'server', 'display-token'),

	// ---- answered by the Node server itself ----
	{ kind: 'server', path: '/healthz', method: 'GET', who: 'public', phi: false },

	// ---- the live-board websocket: the doc carries ids, never patient names ----
	{
		kind: 'upgrade',
		path: '/yjs/[board]',
		who: BOARD_WATCHERS,
		write: PTL,
		phi: false,
		params: { board: 'id' }
	}
];

// ---- lookups ----------------------------------------------------------------------------

/** An entry's key, unique in the table (the route-walk test checks it). */
export function entryKey(e: AccessEntry): string {
	switch (e.kind) {
		case 'page':
			return `page ${e.route}`;
		case 'action':
			return `action ${e.route} ?/${e.action}`;
		case 'endpoint':
			return `${e.method} ${e.route}`;
		case 'socket':
			return `socket ${e.namespace} ${e.event}`;
		case 'server':
			return `${e.method} ${e.path} (server)`;
		case 'upgrade':
			return `upgrade ${e.path}`;
	}
}

const byKey = new Map(ACCESS.map((e) => [entryKey(e), e]));

export function pageEntry(route: string): PageEntry | undefined {
	return byKey.get(`page ${route}`) as PageEntry | undefined;
}

export function actionEntry(route: string, name: string): ActionEntry | undefined {
	return byKey.get(`action ${route} ?/${name}`) as ActionEntry | undefined;
}

export function endpointEntry(route: string, method: string): EndpointEntry | undefined {
	// HEAD is answered by the GET handler
	return byKey.get(`${method === 'HEAD' ? 'GET' : method} ${route}`) as EndpointEntry | undefined;
}

export function socketEntry(namespace: string, event: string): SocketEntry | undefined {
	return byKey.get(`socket ${namespace} ${event}`) as SocketEntry | undefined;
}

export function upgradeEntry(path: string): UpgradeEntry {
	const e = byKey.get(`upgrade ${path}`);
	if (!e) throw new Error(`no access entry for upgrade ${path}`);
	return e as UpgradeEntry;
}

/** Whether `route` is declared at all (as a page, action or endpoint). */
export function isDeclaredRoute(route: string): boolean {
	return ACCESS.some((e) => 'route' in e && e.route === route);
}

/** The methods declared for an endpoint route (for a 405's Allow header). */
export function declaredMethods(route: string): Method[] {
	return ACCESS.filter((e): e is EndpointEntry => e.kind === 'endpoint' && e.route === route).map(
		(e) => e.method
	);
}

export type Decision = 'allow' | 'sign-in' | 'forbidden';

/**
 * Whether a signed-in role (or nobody) may use an entry. Display-token entries are decided by
 * the route or namespace that checks the token; a session does not open them.
 */
export function decide(entry: AccessEntry, role: Role | null): Decision {
	const who = entry.who;
	if (who === 'public' || who === 'display-token') return 'allow';
	if (!role) return 'sign-in';
	if (who === 'signed-in') return 'allow';
	return who.includes(role) ? 'allow' : 'forbidden';
}

export const mayUse = (entry: AccessEntry, role: Role | null): boolean =>
	decide(entry, role) === 'allow';

/** Whether `role` gets the patient-identifiable form of an entry it may use. */
export function seesPatientData(entry: AccessEntry, role: Role | null): boolean {
	if (typeof entry.phi === 'boolean') return entry.phi;
	return role !== null && entry.phi.only.includes(role);
}

/** The signed-in roles an entry is for (every role for `signed-in`, none for the others). */
export function rolesOf(entry: AccessEntry): readonly Role[] {
	if (entry.who === 'signed-in') return ROLES;
	if (entry.who === 'public' || entry.who === 'display-token') return [];
	return entry.who;
}

/** The address of a route id: groups dropped, parameters filled in. */
export function pathOf(
	route: string,
	params: Readonly<Record<string, string | number>> = {}
): string {
	const path = route
		.split('/')
		.filter((part) => !/^\(.+\)$/.test(part))
		.map((part) =>
			part.replace(/^\[(\w+)(?:=\w+)?\]$/, (_, name: string) => {
				if (!(name in params)) throw new Error(`${route}: no value for [${name}]`);
				return encodeURIComponent(String(params[name]));
			})
		)
		.join('/');
	return path === '' ? '/' : path;
}

/** Matches a concrete path against a route id (`/(app)/boards/[id]` matches `/boards/7`). */
export function routeMatches(route: string, path: string): boolean {
	const want = pathOf(route, new Proxy({}, { has: () => true, get: () => '*' })).split('/');
	const have = path.split('/');
	return (
		want.length === have.length &&
		want.every((part, i) => part === have[i] || (part === '*' && have[i] !== ''))
	);
}

/**
 * The decision for a concrete path, whatever its method: its page, else its GET endpoint, else
 * any entry for it. A path no entry matches is refused (signed in) or sent to sign in.
 */
export function accessFor(path: string, role: Role | null): Decision {
	const routed = ACCESS.filter((e): e is PageEntry | EndpointEntry | ServerEntry =>
		e.kind === 'page' || e.kind === 'endpoint'
			? routeMatches(e.route, path)
			: e.kind === 'server' && e.path === path
	);
	const entry =
		routed.find((e) => e.kind === 'page') ??
		routed.find((e) => e.kind !== 'page' && e.method === 'GET') ??
		routed[0];
	if (!entry) return role ? 'forbidden' : 'sign-in';
	return decide(entry, role);
}

// ---- navigation ---------------------------------------------------------------------------

export interface NavItem {
	/** The page's route id (for `resolve`). */
	route: string;
	href: string;
	label: string;
}

/** The pages in the navigation that `role` may open, in table order. */
export function navFor(role: Role): NavItem[] {
	return ACCESS.filter(
		(e): e is PageEntry & { label: string } => e.kind === 'page' && !!e.label && mayUse(e, role)
	).map((e) => ({ route: e.route, href: pathOf(e.route), label: e.label }));
}
