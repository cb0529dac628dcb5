import type { Role } from '../../db/schema';

export interface NavItem {
	href:
		| '/'
		| '/ptl'
		| '/boards'
		| '/settings/planning'
		| '/records'
		| '/summarising'
		| '/team'
		| '/validation'
		| '/dashboards/breach-risk'
		| '/dashboards/records'
		| '/admin/displays'
		| '/admin/users';
	label: string;
	roles: readonly Role[] | 'any';
}

/** The app's pages; each is shown to the roles allowed to open it (the server checks again). */
export const NAV: readonly NavItem[] = [
	{ href: '/', label: 'Overview', roles: 'any' },
	{ href: '/dashboards/breach-risk', label: 'Breach risk', roles: ['admin', 'manager', 'team_leader', 'coordinator', 'records'] },
	{ href: '/dashboards/records', label: 'Records dashboard', roles: ['admin', 'manager', 'team_leader', 'records'] },
	{ href: '/ptl', label: 'Patient tracking list', roles: ['admin', 'coordinator', 'team_leader'] },
	{ href: '/boards', label: 'Planning boards', roles: ['admin', 'coordinator', 'team_leader', 'manager'] },
	{ href: '/validation', label: 'Validation', roles: ['admin', 'coordinator', 'team_leader'] },
	{ href: '/records', label: 'Case notes', roles: ['admin', 'team_leader', 'records'] },
	{ href: '/summarising', label: 'Summarising', roles: ['admin', 'team_leader', 'summariser'] },
	{ href: '/team', label: 'Team', roles: ['admin', 'team_leader'] },
	{ href: '/settings/planning', label: 'Planning weights', roles: ['admin', 'manager'] },
	{ href: '/admin/displays', label: 'Office displays', roles: ['admin'] },
	{ href: '/admin/users', label: 'Users', roles: ['admin'] }
];

export function navFor(role: Role): NavItem[] {
	return NAV.filter((item) => item.roles === 'any' || item.roles.includes(role));
}
