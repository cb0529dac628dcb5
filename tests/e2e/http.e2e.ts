/**
 * HTTP hardening against the built server: security headers and a page that runs under its CSP,
 * the post-login redirect, the same-origin rule for every write, and ids and text refused with a
 * 4xx before they reach the database.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './test';
import { DEMO_PASSWORD, signIn } from './session';

const EVIL = 'http://evil.example';

async function signedIn(request: APIRequestContext, email: string) {
	const res = await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
	expect(res.status()).toBe(200);
}

/** Content-Security-Policy reports from the page, as Chromium logs them and as the page sees them. */
function cspViolations(page: Page): string[] {
	const seen: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
	});
	void page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) =>
			console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`)
		);
	});
	return seen;
}

test.describe('security headers', () => {
	test('pages carry a CSP with a script nonce, no framing, no caching and a request id', async ({
		request
	}) => {
		const res = await request.get('/login');
		const h = res.headers();
		const csp = h['content-security-policy'];
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
		expect(csp.match(/script-src[^;]*/)?.[0]).not.toContain('unsafe-inline');
		expect(csp).toContain("object-src 'none'");
		expect(h['x-frame-options']).toBe('DENY');
		expect(h['referrer-policy']).toBe('same-origin');
		expect(h['x-content-type-options']).toBe('nosniff');
		expect(h['cache-control']).toBe('no-store');
		expect(h['x-request-id']).toMatch(/^[\w-]{8,}$/);
		// ORIGIN is http here: HSTS only under https (tested in steps.spec.ts)
		expect(h['strict-transport-security']).toBeUndefined();
	});

	test('JSON with patient data is never stored, and cannot run or be framed', async ({
		request
	}) => {
		await signedIn(request, 'coordinator@demo.test');
		const res = await request.get('/api/pathways?pageSize=25');
		expect(res.status()).toBe(200);
		const h = res.headers();
		expect(h['cache-control']).toBe('no-store');
		expect(h['x-content-type-options']).toBe('nosniff');
		expect(h['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
		expect(h['x-request-id']).toMatch(/^[\w-]{8,}$/);
	});

	test('built scripts and styles stay cacheable', async ({ page, request }) => {
		await page.goto('/login');
		const asset = await page.evaluate(
			() => document.querySelector<HTMLLinkElement>('link[href*="/_app/immutable/"]')?.href
		);
		expect(asset).toBeTruthy();
		const res = await request.get(asset!);
		expect(res.status()).toBe(200);
		expect(res.headers()['cache-control']).toMatch(/immutable/);
	});

	test('the office display keeps no-referrer', async ({ request }) => {
		const res = await request.get('/display/1');
		expect(res.headers()['referrer-policy']).toBe('no-referrer');
		expect(res.headers()['cache-control']).toBe('no-store');
	});

	test('pages, charts, a live board and the office display run with no CSP violation', async ({
		page,
		browser
	}) => {
		const violations = cspViolations(page);
		await signIn(page, 'admin@demo.test');
		await page.goto('/dashboards/breach-risk');
		await expect(page.locator('figure svg').first()).toBeVisible();
		await page.goto('/dashboards/records');
		await expect(page.locator('figure svg').first()).toBeVisible();
		const [board] = (await (await page.request.get('/api/boards')).json()) as { id: number }[];
		await page.goto(`/boards/${board.id}`);
		await expect(page.getByTestId('connection')).toHaveText(/Live/);
		await page.goto('/ptl');
		await expect(page.getByRole('heading', { name: 'Patient tracking list' })).toBeVisible();

		await page.goto('/admin/displays');
		await page.getByLabel('Name', { exact: true }).fill('CSP check');
		await page.locator('input[name="panels"]').first().check();
		await page.getByRole('button', { name: 'Create display' }).click();
		const link = await page.getByTestId('display-link').inputValue();
		const tvContext = await browser.newContext();
		const tv = await tvContext.newPage();
		const tvViolations = cspViolations(tv);
		const opened = tv.waitForResponse((r) => /\/display\/\d+$/.test(r.url()));
		await tv.goto(link);
		expect((await opened).headers()['referrer-policy']).toBe('no-referrer');
		await expect(tv.locator('main')).toBeVisible();
		await tv.waitForTimeout(1000);
		await tvContext.close();
		expect(violations).toEqual([]);
		expect(tvViolations).toEqual([]);
	});
});

test.describe('the post-login redirect stays on this site', () => {
	const bypasses = [
		'/%5Cevil.example',
		'/%09/evil.example',
		'/\\/evil.example',
		'//evil.example',
		'/%2F%2Fevil.example',
		'%20//evil.example',
		'https://evil.example'
	];

	test('when already signed in', async ({ request }) => {
		await signedIn(request, 'coordinator@demo.test');
		for (const next of bypasses) {
			const res = await request.get(`/login?next=${next}`, { maxRedirects: 0 });
			expect(res.status(), next).toBe(303);
			expect(res.headers()['location'], next).toBe('/');
		}
		const fine = await request.get(`/login?next=${encodeURIComponent('/ptl?priority=P2')}`, {
			maxRedirects: 0
		});
		expect(fine.headers()['location']).toBe('/ptl?priority=P2');
	});

	test('from the sign-in form without JavaScript, and from the JSON login', async ({
		playwright,
		baseURL
	}) => {
		for (const next of bypasses) {
			const request = await playwright.request.newContext({ baseURL });
			const res = await request.post(`/login?next=${next}`, {
				form: { email: 'coordinator@demo.test', password: DEMO_PASSWORD },
				headers: { origin: baseURL!, accept: 'text/html' },
				maxRedirects: 0
			});
			expect(res.status(), next).toBe(303);
			expect(res.headers()['location'], next).toBe('/');
			const api = await request.post(`/api/auth/login?next=${next}`, {
				data: { email: 'coordinator@demo.test', password: DEMO_PASSWORD }
			});
			expect((await api.json()).next, next).toBe('/');
			await request.dispose();
		}
	});
});

test.describe('writes must come from this site', () => {
	const bodyless = [
		'/api/pathways/1/nhs-number',
		'/api/summarising/1/claim',
		'/api/summarising/1/release',
		'/api/boards/1/proposals',
		'/api/boards/1/conflicts/x/resolve',
		'/api/auth/logout'
	];

	test('body-less POSTs from another origin, or marked cross-site, are refused and change nothing', async ({
		request
	}) => {
		await signedIn(request, 'admin@demo.test');
		for (const path of bodyless) {
			const foreign = await request.post(path, { headers: { origin: EVIL } });
			expect(foreign.status(), path).toBe(403);
			const nullOrigin = await request.post(path, { headers: { origin: 'null' } });
			expect(nullOrigin.status(), path).toBe(403);
			const crossSite = await request.post(path, { headers: { 'sec-fetch-site': 'cross-site' } });
			expect(crossSite.status(), path).toBe(403);
		}
		// the refused logout did not end the session
		expect((await request.get('/api/me')).status()).toBe(200);
		const own = await request.post('/api/pathways/1/nhs-number', {
			headers: { origin: test.info().project.use.baseURL! }
		});
		expect(own.status()).toBe(200);
	});

	test('JSON writes and form actions from another origin are refused', async ({ request }) => {
		await signedIn(request, 'admin@demo.test');
		const json = await request.put('/api/records/settings', {
			data: {},
			headers: { origin: EVIL }
		});
		expect(json.status()).toBe(403);
		const form = await request.post('/summarising?/claim', {
			form: { id: '1' },
			headers: { origin: EVIL }
		});
		expect(form.status()).toBe(403);
	});
});

test.describe('ids and text are checked before the database', () => {
	test('out-of-range and malformed ids are 404 in the path and 400 in the query', async ({
		request
	}) => {
		await signedIn(request, 'admin@demo.test');
		for (const id of ['999999999999', '2147483648', '0', '-1', '01', '1e3', 'abc']) {
			expect((await request.get(`/api/boards/${id}`)).status(), id).toBe(404);
			expect((await request.get(`/api/records/requests/${id}`)).status(), id).toBe(404);
			expect((await request.post(`/api/pathways/${id}/nhs-number`)).status(), id).toBe(404);
			expect((await request.get(`/boards/${id}`)).status(), id).toBe(404);
		}
		expect((await request.get('/api/boards/2147483647')).status()).toBe(404);
		for (const q of [
			'/api/dashboards/breach-risk?site=999999999999',
			'/api/pathways?site=999999999999',
			'/api/dashboards/records?siteId=99999999999',
			'/api/records/requests?pathwayId=99999999999'
		]) {
			expect((await request.get(q)).status(), q).toBe(400);
		}
		const move = await request.post('/api/bookings/1/move', { data: { sessionId: 99999999999 } });
		expect(move.status()).toBe(400);
	});

	test('a malformed escape in the address is a 400, signed in or not, and the server stays up', async ({
		playwright,
		baseURL
	}) => {
		const anonymous = await playwright.request.newContext({ baseURL });
		for (const path of ['/boards/%ED%A0%80', '/ptl/%C0%AF', '/%FF', '/api/boards/%ED%A0%80']) {
			expect(
				(await anonymous.get(path, { headers: { accept: 'text/html' }, maxRedirects: 0 })).status(),
				path
			).toBe(400);
		}
		expect((await anonymous.get('/healthz')).status()).toBe(200);
		await anonymous.dispose();
	});

	test('NUL bytes and unpaired surrogates in any text are a 400', async ({ request, baseURL }) => {
		await signedIn(request, 'admin@demo.test');
		expect((await request.get('/api/pathways?q=a%00b')).status()).toBe(400);
		expect((await request.get('/ptl?q=a%00b')).status()).toBe(400);
		const raise = await request.post('/api/records/requests', {
			headers: { 'content-type': 'application/json' },
			data: '{"pathwayId":1,"reason":"ward","urgency":"routine","destinationLocationId":1,"note":"a\\u0000b"}'
		});
		expect(raise.status()).toBe(400);
		const lone = await request.post('/api/records/requests', {
			headers: { 'content-type': 'application/json' },
			data: '{"note":"\\ud800"}'
		});
		expect(lone.status()).toBe(400);
		const form = await request.post('/records?/raise', {
			form: { note: 'a\u0000b' },
			headers: { origin: baseURL! }
		});
		expect(form.status()).toBe(400);
	});
});

test.describe('bodies are as large as their address takes', () => {
	test('past its limit a body is a 413 naming both sizes; only a file upload takes more', async ({
		page
	}) => {
		await signIn(page, 'coordinator@demo.test');
		const big = Buffer.alloc(11 * 2 ** 20, 'a');
		const scan = await page.request.post('/api/records/scan', {
			data: big,
			headers: { 'content-type': 'application/json' }
		});
		expect(scan.status()).toBe(413);
		expect(((await scan.json()) as { message: string }).message).toBe(
			'The request body is 11 MB; this address takes at most 10 MB'
		);
		// the same bytes as a PTL extract go through, to be read and refused for what they hold
		const check = await page.request.post(
			'/api/imports/ptl/check?extractDate=2026-12-01&name=big.csv',
			{ data: big, headers: { 'content-type': 'text/csv' } }
		);
		expect(check.status()).toBe(200);
		expect(await check.text()).toContain('{"message":"big.csv, line 1: The header lacks');
	});
});
