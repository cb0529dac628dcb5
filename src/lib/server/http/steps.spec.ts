import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { apiNotFound, cleanInput, sameOrigin, securityHeaders } from './steps';

const eventFor = (url: string, init: RequestInit = {}) =>
	({
		url: new URL(url),
		request: new Request(url, init),
		locals: { user: null, requestId: 'req-test-0001' }
	}) as unknown as RequestEvent;
const ok = async () => new Response('ok');

describe('securityHeaders', () => {
	afterEach(() => vi.unstubAllEnvs());

	it('sends HSTS only when ORIGIN is https', async () => {
		vi.stubEnv('ORIGIN', 'https://waitwise.trust.nhs.uk');
		const secure = await securityHeaders({
			event: eventFor('https://waitwise.trust.nhs.uk/'),
			resolve: ok
		});
		expect(secure.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
		vi.stubEnv('ORIGIN', 'http://localhost:3000');
		const plain = await securityHeaders({ event: eventFor('http://localhost:3000/'), resolve: ok });
		expect(plain.headers.get('strict-transport-security')).toBeNull();
	});

	it("keeps a route's own referrer and cache policy", async () => {
		const own = async () =>
			new Response('', {
				headers: { 'referrer-policy': 'no-referrer', 'cache-control': 'max-age=60' }
			});
		const res = await securityHeaders({
			event: eventFor('http://localhost/display/1'),
			resolve: own
		});
		expect(res.headers.get('referrer-policy')).toBe('no-referrer');
		expect(res.headers.get('cache-control')).toBe('max-age=60');
	});
});

describe('sameOrigin', () => {
	afterEach(() => vi.unstubAllEnvs());
	const post = (headers: Record<string, string>) =>
		sameOrigin({
			event: eventFor('http://localhost:3000/api/auth/logout', {
				method: 'POST',
				headers: { host: 'localhost:3000', ...headers }
			}),
			resolve: ok
		});

	it('refuses a foreign or null Origin, and cross-site or same-site Sec-Fetch-Site without one', async () => {
		vi.stubEnv('ORIGIN', 'http://localhost:3000');
		expect((await post({ origin: 'http://evil.example' })).status).toBe(403);
		expect((await post({ origin: 'null' })).status).toBe(403);
		expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
		expect((await post({ 'sec-fetch-site': 'same-site' })).status).toBe(403);
	});

	it('allows its own origin, same-origin fetches and clients that are not browsers', async () => {
		vi.stubEnv('ORIGIN', 'http://localhost:3000');
		expect((await post({ origin: 'http://localhost:3000' })).status).toBe(200);
		expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
		expect((await post({})).status).toBe(200);
	});

	it('lets reads through whatever their origin', async () => {
		const res = await sameOrigin({
			event: eventFor('http://localhost:3000/api/me', {
				headers: { origin: 'http://evil.example' }
			}),
			resolve: ok
		});
		expect(res.status).toBe(200);
	});
});

describe('cleanInput', () => {
	it('refuses NUL in the query and in form fields, and a malformed escape in the path', async () => {
		expect(
			(await cleanInput({ event: eventFor('http://localhost/ptl?q=a%00'), resolve: ok })).status
		).toBe(400);
		expect(
			(await cleanInput({ event: eventFor('http://localhost/ptl/%E0%A4%A'), resolve: ok })).status
		).toBe(400);
		const form = eventFor('http://localhost/records?/raise', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'note=a%00b'
		});
		expect((await cleanInput({ event: form, resolve: ok })).status).toBe(400);
	});

	it('leaves the form readable for the action after checking it', async () => {
		const form = eventFor('http://localhost/records?/raise', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'note=fine'
		});
		const res = await cleanInput({
			event: form,
			resolve: async (e) => new Response(String((await e.request.formData()).get('note')))
		});
		expect(await res.text()).toBe('fine');
	});
});

describe('apiNotFound', () => {
	const unmatched = (path: string) =>
		({ ...eventFor(`http://localhost${path}`), route: { id: null } }) as unknown as RequestEvent;
	const html404 = async () =>
		new Response('<!doctype html>', { status: 404, headers: { 'content-type': 'text/html' } });

	it('answers JSON for an /api/ address no endpoint matches', async () => {
		const res = await apiNotFound({
			event: unmatched('/api/bookings/next/move-candidates'),
			resolve: html404
		});
		expect(res.status).toBe(404);
		expect(await res.json()).toEqual({
			message: 'Nothing at /api/bookings/next/move-candidates'
		});
	});

	it('leaves pages alone', async () => {
		const res = await apiNotFound({ event: unmatched('/boards/next'), resolve: html404 });
		expect(res.headers.get('content-type')).toBe('text/html');
	});
});
