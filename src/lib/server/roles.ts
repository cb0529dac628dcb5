import type { Role } from '../../../db/schema';

export type { Role };

export const ROLE_LABELS: Record<Role, string> = {
	admin: 'Administrator',
	coordinator: 'Waiting list coordinator',
	team_leader: 'Team leader',
	records: 'Health records',
	summariser: 'Medical summariser',
	manager: 'Service manager',
	display: 'Office display'
};

/** Roles that may see patient-identifiable waiting-list data and plan it. */
export const PTL_ROLES: readonly Role[] = ['admin', 'coordinator', 'team_leader'];

/** Roles that may open planning boards; managers watch read-only (writes check edit roles). */
export const BOARD_ROLES: readonly Role[] = ['admin', 'coordinator', 'team_leader', 'manager'];

/** Health-records worklists: records staff, supervised by team leaders. */
export const RECORDS_ROLES: readonly Role[] = ['admin', 'team_leader', 'records'];
/** The summarising queue; team leaders and admins may hand claims on. */
export const SUMMARISING_ROLES: readonly Role[] = ['admin', 'team_leader', 'summariser'];
/** The team view: who holds what, reassignment and throughput. */
export const TEAM_ROLES: readonly Role[] = ['admin', 'team_leader'];
/** Waiting-list validation tasks. */
export const VALIDATION_ROLES: readonly Role[] = ['admin', 'coordinator', 'team_leader'];
/** Breach-risk dashboard: aggregates for staff (drill-down to patients needs PTL_ROLES). */
export const DASHBOARD_ROLES: readonly Role[] = ['admin', 'manager', 'team_leader', 'coordinator', 'records'];
/** Records dashboard: the people who answer for the records service. */
export const RECORDS_DASHBOARD_ROLES: readonly Role[] = ['admin', 'manager', 'team_leader', 'records'];
/** Moving or cancelling a booking. */
export const BOOKING_ROLES: readonly Role[] = ['admin', 'coordinator', 'team_leader'];

/**
 * Which roles may open which paths, checked on the server for every request by hooks.server.ts.
 * The first matching prefix wins; a path that matches nothing is refused, so a new route is
 * closed until someone decides who may use it.
 */
export const ACCESS: readonly { prefix: string; roles: readonly Role[] | 'public' | 'signed-in' }[] = [
	{ prefix: '/login', roles: 'public' },
	{ prefix: '/api/auth/login', roles: 'public' },
	{ prefix: '/api/auth/logout', roles: 'public' },
	{ prefix: '/healthz', roles: 'public' },
	{ prefix: '/favicon', roles: 'public' },
	{ prefix: '/api/me', roles: 'signed-in' },
	// Each person's own sessions (the page scopes everything to the signed-in user).
	{ prefix: '/account', roles: 'signed-in' },
	// An office display signs in with its own token, checked by the route and the /display
	// socket namespace; the token opens nothing else (it is not a session).
	{ prefix: '/display', roles: 'public' },
	{ prefix: '/dashboards/records', roles: RECORDS_DASHBOARD_ROLES },
	{ prefix: '/api/dashboards/records', roles: RECORDS_DASHBOARD_ROLES },
	{ prefix: '/dashboards', roles: DASHBOARD_ROLES },
	{ prefix: '/api/dashboards', roles: DASHBOARD_ROLES },
	{ prefix: '/ptl', roles: PTL_ROLES },
	{ prefix: '/api/pathways', roles: PTL_ROLES },
	{ prefix: '/boards', roles: BOARD_ROLES },
	{ prefix: '/api/boards', roles: BOARD_ROLES },
	{ prefix: '/settings/planning', roles: ['admin', 'manager'] },
	{ prefix: '/api/settings/planning-weights', roles: ['admin', 'manager'] },
	{ prefix: '/records/settings', roles: ['admin'] },
	{ prefix: '/api/records/settings', roles: ['admin'] },
	{ prefix: '/records', roles: RECORDS_ROLES },
	{ prefix: '/api/records', roles: RECORDS_ROLES },
	{ prefix: '/summarising', roles: SUMMARISING_ROLES },
	{ prefix: '/api/summarising', roles: SUMMARISING_ROLES },
	{ prefix: '/team', roles: TEAM_ROLES },
	{ prefix: '/api/team', roles: TEAM_ROLES },
	{ prefix: '/validation', roles: VALIDATION_ROLES },
	{ prefix: '/api/validation', roles: VALIDATION_ROLES },
	{ prefix: '/api/bookings', roles: BOOKING_ROLES },
	{ prefix: '/admin', roles: ['admin'] },
	{ prefix: '/api/admin', roles: ['admin'] },
	{ prefix: '/', roles: 'signed-in' }
];

function matches(path: string, prefix: string): boolean {
	if (prefix === '/') return path === '/';
	return path === prefix || path.startsWith(prefix + '/') || path.startsWith(prefix + '?');
}

export type AccessDecision = 'allow' | 'sign-in' | 'forbidden';

export function accessFor(path: string, role: Role | null): AccessDecision {
	const rule = ACCESS.find((r) => matches(path, r.prefix));
	if (!rule) return role ? 'forbidden' : 'sign-in';
	if (rule.roles === 'public') return 'allow';
	if (!role) return 'sign-in';
	if (rule.roles === 'signed-in') return 'allow';
	return rule.roles.includes(role) ? 'allow' : 'forbidden';
}
