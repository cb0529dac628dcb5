import { describe, expect, it } from 'vitest';
import { accessFor } from './roles';

describe('accessFor', () => {
	it('lets anyone reach sign-in and health', () => {
		expect(accessFor('/login', null)).toBe('allow');
		expect(accessFor('/api/auth/login', null)).toBe('allow');
		expect(accessFor('/healthz', null)).toBe('allow');
	});

	it('asks strangers to sign in for everything else', () => {
		expect(accessFor('/', null)).toBe('sign-in');
		expect(accessFor('/ptl', null)).toBe('sign-in');
		expect(accessFor('/api/pathways', null)).toBe('sign-in');
	});

	it('keeps the PTL to coordinators, team leaders and admins', () => {
		for (const role of ['coordinator', 'team_leader', 'admin'] as const) {
			expect(accessFor('/ptl', role)).toBe('allow');
			expect(accessFor('/api/pathways', role)).toBe('allow');
			expect(accessFor('/api/pathways/12/nhs-number', role)).toBe('allow');
		}
		for (const role of ['manager', 'records', 'summariser', 'display'] as const) {
			expect(accessFor('/ptl', role)).toBe('forbidden');
			expect(accessFor('/api/pathways', role)).toBe('forbidden');
			expect(accessFor('/api/pathways/12/nhs-number', role)).toBe('forbidden');
		}
	});

	it('does not confuse a prefix with a longer path', () => {
		expect(accessFor('/ptlx', 'manager')).toBe('forbidden');
		expect(accessFor('/administrator', 'admin')).toBe('forbidden');
		expect(accessFor('/admin/displays', 'coordinator')).toBe('forbidden');
		expect(accessFor('/admin/displays', 'admin')).toBe('allow');
	});

	it('refuses paths no rule names', () => {
		expect(accessFor('/secret', 'admin')).toBe('forbidden');
		// a route is closed until the access table declares it, even under an admin's prefix
		expect(accessFor('/admin/not-declared', 'admin')).toBe('forbidden');
	});
});
