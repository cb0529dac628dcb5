import { describe, expect, it } from 'vitest';
import type { Role } from '../access';
import { accessForRequest, requireAccess, requirePageAccess } from './guard';

const user = (role: Role) => ({ id: 1, name: 'Someone', email: 'someone@example.test', role });

function event(route: string | null, path: string, method = 'GET', role: Role | null = null) {
	return {
		locals: { user: role ? user(role) : null } as App.Locals,
		route: { id: route },
		request: new Request(`http://waitwise.test${path}`, { method }),
		url: new URL(`http://waitwise.test${path}`)
	};
}

describe('accessForRequest', () => {
	it('sends strangers to sign in: the API with a 401, pages and form posts to the sign-in page', () => {
		expect(accessForRequest(event('/api/pathways', '/api/pathways'))).toEqual({
			kind: 'sign-in',
			json: true
		});
		expect(accessForRequest(event('/(app)/ptl', '/ptl'))).toEqual({ kind: 'sign-in', json: false });
		expect(accessForRequest(event('/(app)/team', '/team?/reassign', 'POST'))).toEqual({
			kind: 'sign-in',
			json: false
		});
	});

	it('refuses the wrong role: 403 for the API and form actions, the shell renders it for pages', () => {
		expect(
			accessForRequest(event('/api/pathways', '/api/pathways', 'GET', 'manager'))
		).toMatchObject({ kind: 'refuse', status: 403 });
		expect(
			accessForRequest(event('/(app)/team', '/team?/reassign', 'POST', 'records'))
		).toMatchObject({ kind: 'refuse', status: 403 });
		expect(accessForRequest(event('/(app)/ptl', '/ptl', 'GET', 'manager'))).toMatchObject({
			kind: 'forbidden-page'
		});
		expect(accessForRequest(event('/(app)/ptl', '/ptl', 'GET', 'coordinator'))).toMatchObject({
			kind: 'allow'
		});
	});

	it('keeps a route the table does not declare closed, even to admins', () => {
		expect(
			accessForRequest(event('/(app)/admin/new-thing', '/admin/new-thing', 'GET', 'admin'))
		).toMatchObject({
			kind: 'refuse',
			status: 403,
			undeclared: true
		});
	});

	it('refuses undeclared methods and form actions, and the reserved ?/default', () => {
		expect(
			accessForRequest(event('/api/pathways', '/api/pathways', 'DELETE', 'admin'))
		).toMatchObject({
			kind: 'refuse',
			status: 405,
			headers: { allow: 'GET' }
		});
		expect(accessForRequest(event('/(app)/team', '/team?/nothing', 'POST', 'admin'))).toMatchObject(
			{ kind: 'refuse', status: 405 }
		);
		expect(accessForRequest(event('/(app)/team', '/team', 'POST', 'admin'))).toMatchObject({
			kind: 'refuse',
			status: 405
		});
		expect(accessForRequest(event('/login', '/login?/default', 'POST'))).toMatchObject({
			kind: 'refuse',
			status: 405
		});
		expect(accessForRequest(event('/login', '/login', 'POST'))).toMatchObject({ kind: 'allow' });
	});

	it('leaves a path no route matches to the 404', () => {
		expect(accessForRequest(event(null, '/nowhere'))).toEqual({ kind: 'allow', entry: null });
	});
});

describe('requireAccess', () => {
	it('refuses a request hooks.server.ts did not let through', () => {
		expect(() =>
			requireAccess(event('/api/pathways', '/api/pathways', 'GET', 'admin').locals)
		).toThrow();
		expect(() => requirePageAccess(event('/(app)/ptl', '/ptl', 'GET', 'admin').locals)).toThrow();
	});

	it('checks the same entry hooks found, page entries for loads', () => {
		const post = event('/(app)/team', '/team?/reassign', 'POST', 'team_leader');
		const verdict = accessForRequest(post);
		if (verdict.kind !== 'allow' || !verdict.entry) throw new Error('team leaders reassign');
		post.locals.access = { route: '/(app)/team', entry: verdict.entry };
		expect(requireAccess(post.locals).role).toBe('team_leader');
		expect(requirePageAccess(post.locals).role).toBe('team_leader');
		post.locals.user = user('records');
		expect(() => requireAccess(post.locals)).toThrow();
	});
});
