import { expect, test } from './test';
import { DEMO_PASSWORD, signIn } from './session';

test('a wrong password is refused and nothing is signed in', async ({ page }) => {
	await page.goto('/login');
	await page.getByLabel('Email').fill('coordinator@demo.test');
	await page.getByLabel('Password').fill('not-the-password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toHaveText('Wrong email or password');
	await expect(page).toHaveURL(/\/login/);
	const ptl = await page.request.get('/api/pathways');
	expect(ptl.status()).toBe(401);
});

test('the login API answers 401 for bad credentials and sets an httpOnly cookie for good ones', async ({
	request
}) => {
	const bad = await request.post('/api/auth/login', {
		data: { email: 'coordinator@demo.test', password: 'wrong' }
	});
	expect(bad.status()).toBe(401);
	const malformed = await request.post('/api/auth/login', { data: { email: 'x' } });
	expect(malformed.status()).toBe(400);

	const good = await request.post('/api/auth/login', {
		data: { email: 'coordinator@demo.test', password: DEMO_PASSWORD }
	});
	expect(good.status()).toBe(200);
	const cookie = good.headers()['set-cookie'];
	expect(cookie).toMatch(/ww_session=/);
	expect(cookie).toMatch(/HttpOnly/i);
	expect(cookie).toMatch(/SameSite=Lax/i);
	expect((await request.get('/api/pathways?pageSize=25')).status()).toBe(200);
});

test('a stranger is sent to sign in and then back to the page they asked for', async ({ page }) => {
	await page.goto('/ptl?priority=P2');
	await expect(page).toHaveURL(/\/login\?next=/);
	await page.getByLabel('Email').fill('teamlead@demo.test');
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/ptl\?priority=P2$/);
	await expect(page.getByRole('heading', { name: 'Patient tracking list' })).toBeVisible();
});

test('a manager cannot open coordinator pages or call their endpoints', async ({ page }) => {
	await signIn(page, 'manager@demo.test');
	await expect(page.getByRole('link', { name: 'Patient tracking list' })).toHaveCount(0);
	const response = await page.goto('/ptl');
	expect(response?.status()).toBe(403);
	await expect(
		page.getByRole('heading', { name: 'You do not have access to this page' })
	).toBeVisible();
	expect((await page.request.get('/api/pathways')).status()).toBe(403);
	const firstId = 1;
	expect((await page.request.post(`/api/pathways/${firstId}/nhs-number`)).status()).toBe(403);
	// the overview holds aggregates only, which managers may see
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Waiting list overview' })).toBeVisible();
});

test('signing out ends the session on the server', async ({ page }) => {
	await signIn(page, 'coordinator@demo.test');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login/);
	expect((await page.request.get('/api/pathways')).status()).toBe(401);
});

test('health check reports the database', async ({ request }) => {
	const res = await request.get('/healthz');
	expect(res.status()).toBe(200);
	expect(await res.json()).toMatchObject({ status: 'ok', database: { ok: true } });
});

test('an unauthenticated websocket upgrade to /yjs/ is refused before it opens', async ({
	page
}) => {
	await page.goto('/login');
	const outcome = await page.evaluate(
		() =>
			new Promise<string>((resolve) => {
				const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/yjs/board-1`);
				ws.onopen = () => resolve('open');
				ws.onerror = () => resolve('refused');
			})
	);
	expect(outcome).toBe('refused');
});
