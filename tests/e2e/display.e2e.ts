import type { APIRequestContext, Browser, Page, WebSocketRoute } from '@playwright/test';
import { expect, test } from './test';
import { personOn } from './boards';

// Displays limited to General Internal Medicine (300), which no other e2e test changes, so the
// figures move only when this test moves them.
const SPECIALTY = '300';

interface PtlPage {
	total: number;
	items: { id: number; name: string; daysWaited: number; bookedDate: string | null }[];
}

/** Every patient name on the waiting list, as a coordinator (who may see them) gets them. */
async function patientNames(request: APIRequestContext): Promise<string[]> {
	const names: string[] = [];
	for (let page = 1; ; page++) {
		const res = await request.get(`/api/pathways?pageSize=500&page=${page}`);
		expect(res.ok()).toBe(true);
		const ptl = (await res.json()) as PtlPage;
		// "SMITH, John": also look for "John Smith" and "Smith, John"
		for (const { name } of ptl.items) {
			const [family, given] = name.split(', ');
			const proper = family.charAt(0) + family.slice(1).toLowerCase();
			names.push(name, `${given} ${proper}`, `${proper}, ${given}`);
		}
		if (page * 500 >= ptl.total) break;
	}
	return [...new Set(names)];
}

/** An admin creates a display through the page and copies the link it shows once. */
async function createDisplay(
	admin: Page,
	name: string,
	panels: string[],
	seconds = 5,
	specialty = SPECIALTY
): Promise<string> {
	await admin.goto('/admin/displays');
	await admin.getByLabel('Name', { exact: true }).fill(name);
	for (const panel of panels) await admin.getByLabel(panel, { exact: true }).check();
	await admin.getByLabel('Seconds per panel').fill(String(seconds));
	await admin.getByLabel('Specialty', { exact: true }).selectOption(specialty);
	await admin.getByRole('button', { name: 'Create display' }).click();
	const link = admin.getByTestId('display-link');
	await expect(link).toHaveValue(/\/display\/\d+\?token=[\w-]{43}$/);
	return link.inputValue();
}

/** A browser with nobody signed in, as the office TV is. */
async function tv(browser: Browser): Promise<Page> {
	return (await browser.newContext()).newPage();
}

const figure = (display: Page, label: string) =>
	display
		.getByTestId('display-panel')
		.locator('.figure', { has: display.getByText(label, { exact: true }) })
		.getByTestId('figure-value');

test('a display shows live aggregates, never a patient, and is refused once revoked', async ({
	browser
}) => {
	const admin = await personOn(browser, 'admin@demo.test');
	const coordinator = await personOn(browser, 'coordinator@demo.test');
	const names = await patientNames(coordinator.request);
	expect(names.length).toBeGreaterThan(1000);

	const link = await createDisplay(admin, `Office TV ${Date.now()}`, [
		'RTT headline figures',
		'Waits by week band',
		'Case-note requests outstanding'
	]);
	const displayPath = new URL(link).pathname;

	// everything the display receives: websocket frames and HTTP bodies
	const display = await tv(browser);
	const frames: string[] = [];
	const bodies: { url: string; body: string }[] = [];
	display.on('websocket', (ws) =>
		ws.on('framereceived', (f) =>
			frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'))
		)
	);
	display.on('response', async (res) => {
		if (res.status() >= 300 && res.status() < 400) return;
		bodies.push({ url: res.url(), body: await res.text().catch(() => '') });
	});

	await display.goto(link);
	// the token moves into a cookie: the address bar shows the clean URL
	await expect(display).toHaveURL(new RegExp(`${displayPath}$`));
	await expect(display.getByTestId('display-panel')).toBeVisible();
	await expect(display.getByRole('heading', { name: 'RTT headline figures' })).toBeVisible();
	await expect(figure(display, 'Waiting')).toHaveText(/^[\d,]+$/);
	const waitingBefore = Number((await figure(display, 'Waiting').innerText()).replace(/,/g, ''));
	expect(waitingBefore).toBeGreaterThan(0);
	// it rotates to the next panel by itself
	await expect(display.getByRole('heading', { name: 'Waits by week band' })).toBeVisible({
		timeout: 20_000
	});

	// a change made elsewhere reaches the display: a coordinator records that a General Internal
	// Medicine patient was treated elsewhere, so one fewer is waiting
	const ptl = (await (
		await coordinator.request.get(`/api/pathways?specialty=${SPECIALTY}&pageSize=25`)
	).json()) as PtlPage;
	const treated = ptl.items[0];
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
	const outcome = await coordinator.request.post(`/api/validation/${treated.id}/outcome`, {
		data: {
			outcome: 'treated_elsewhere',
			clinicalDecision: 'Consultant confirmed treatment at another provider (e2e test)',
			stopDate: today,
			patientAgreed: true
		}
	});
	expect(outcome.ok()).toBe(true);
	await expect(display.getByRole('heading', { name: 'RTT headline figures' })).toBeVisible({
		timeout: 20_000
	});
	await expect(figure(display, 'Waiting')).toHaveText((waitingBefore - 1).toLocaleString('en-GB'), {
		timeout: 20_000
	});
	await expect(display.getByTestId('stale-banner')).toHaveCount(0);

	// nothing the display received identifies a patient (searched in plain code: one expect per
	// name would take minutes)
	expect(frames.some((f) => f.includes('display:data'))).toBe(true);
	expect(bodies.some((b) => b.url.endsWith(displayPath))).toBe(true);
	const nhsNumber = /(?<!\d)\d{3} ?\d{3} ?\d{4}(?!\d)/;
	const found = (text: string) => names.filter((n) => text.includes(n));
	for (const f of frames) {
		expect(f).not.toMatch(nhsNumber);
		expect(found(f), f).toEqual([]);
	}
	for (const { url, body } of bodies) {
		// the app's compiled scripts are the same for everyone and hold long numeric constants
		if (!url.includes('/_app/immutable/')) expect(body, url).not.toMatch(nhsNumber);
		expect(found(body), url).toEqual([]);
	}

	// the admin revokes it: the open display goes blank at once, and the link is refused
	await admin.goto('/admin/displays');
	const row = admin
		.getByTestId('displays')
		.locator(`tr[data-display-id="${displayPath.split('/').pop()}"]`);
	await row.getByRole('button', { name: /^Revoke/ }).click();
	await admin.getByRole('dialog').getByRole('button', { name: 'Revoke display' }).click();
	await expect(admin.getByRole('status')).toContainText('revoked');
	await expect(display.getByTestId('display-refused')).toContainText('revoked');
	await expect(display.getByTestId('display-panel')).toHaveCount(0);

	const again = await tv(browser);
	const res = await again.goto(link);
	expect(res?.status()).toBe(403);
	await expect(again.getByTestId('display-refused')).toContainText('revoked');
	// and the display's own cookie no longer opens it either
	expect((await display.reload())?.status()).toBe(403);
});

test('a display that loses its connection says its data is stale and reconnects by itself', async ({
	browser
}) => {
	const admin = await personOn(browser, 'admin@demo.test');
	const link = await createDisplay(admin, `Network TV ${Date.now()}`, ['RTT headline figures'], 20);

	const display = await tv(browser);
	let online = true;
	const open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
	await display.routeWebSocket(/\/socket\.io\//, (ws) => {
		if (!online) return void ws.close({ code: 4000, reason: 'offline (test)' });
		open.add({ page: ws, server: ws.connectToServer() });
	});

	await display.goto(link);
	await expect(figure(display, 'Waiting')).toHaveText(/^[\d,]+$/);
	await expect(display.getByTestId('display')).toHaveAttribute('data-status', 'live');

	online = false;
	for (const c of open) {
		await c.server.close({ code: 4000, reason: 'offline (test)' });
		await c.page.close({ code: 4000, reason: 'offline (test)' });
	}
	open.clear();
	await expect(display.getByTestId('stale-banner')).toHaveText(
		/^Data stale since \d\d:\d\d — reconnecting$/
	);
	// the last figures stay up, marked stale, rather than a blank screen
	await expect(figure(display, 'Waiting')).toHaveText(/^[\d,]+$/);

	online = true;
	await expect(display.getByTestId('display')).toHaveAttribute('data-status', 'live', {
		timeout: 20_000
	});
	await expect(display.getByTestId('stale-banner')).toHaveCount(0);
});

/**
 * What on the screen is cut off: text wider than its box, or a box reaching past the screen's
 * padding or into the footer (the screen hides its overflow, so that is where text gets clipped).
 */
function clipped(): string[] {
	const screen = document.querySelector<HTMLElement>('[data-testid="display"]')!;
	const style = getComputedStyle(screen);
	const right = screen.clientWidth - parseFloat(style.paddingRight);
	const bottom = document.querySelector('footer')!.getBoundingClientRect().top;
	const out: string[] = [];
	for (const el of screen.querySelectorAll<HTMLElement>(
		'h1, h2, .subtitle, dt, .value, .note, .caption, .bar-label, .bar-value'
	)) {
		const box = el.getBoundingClientRect();
		const what = `${el.className.split(' ')[0] || el.tagName} "${el.textContent?.trim()}"`;
		if (el.scrollWidth > el.clientWidth + 1) out.push(`${what} wider than its box`);
		if (box.right > right + 1) out.push(`${what} past the right edge (${box.right} > ${right})`);
		if (box.bottom > bottom + 1) out.push(`${what} into the footer`);
	}
	return out;
}

/** A socket.io event frame with every count figure set to 177,177. */
function bigger(frame: string): string {
	// "42" is a socket.io event; the /display namespace and an ack id may come before its JSON
	const parts = /^(42(?:\/[^,]*,)?\d*)(\[.*)$/s.exec(frame);
	if (!parts) return frame;
	const event = JSON.parse(parts[2]) as unknown;
	const walk = (node: unknown): void => {
		if (Array.isArray(node)) node.forEach(walk);
		else if (node && typeof node === 'object') {
			const o = node as Record<string, unknown>;
			if (o.unit === 'count' && typeof o.value === 'number') o.value = 177_177;
			Object.values(o).forEach(walk);
		}
	};
	walk(event);
	return `${parts[1]}${JSON.stringify(event)}`;
}

test('the headline figures fit a 1920×1080 and a 1366×768 screen, with no text clipped', async ({
	browser
}) => {
	const admin = await personOn(browser, 'admin@demo.test');
	// The whole trust: the largest figures the demo has ("1,771" was clipped to "1,77").
	const link = await createDisplay(
		admin,
		`Sizes TV ${Date.now()}`,
		['RTT headline figures'],
		60,
		''
	);
	for (const viewport of [
		{ width: 1920, height: 1080 },
		{ width: 1366, height: 768 }
	]) {
		const context = await browser.newContext({ viewport });
		const display = await context.newPage();
		// The demo trust is small: its counts are made as large as a big trust's on the way in.
		await display.routeWebSocket(/\/socket\.io\//, (ws) => {
			const server = ws.connectToServer();
			server.onMessage((message) =>
				ws.send(typeof message === 'string' ? bigger(message) : message)
			);
			ws.onMessage((message) => server.send(message));
		});
		await display.goto(link);
		await expect(figure(display, 'Waiting')).toHaveText('177,177');
		expect(await display.evaluate(clipped), `${viewport.width}×${viewport.height}`).toEqual([]);
		await context.close();
	}
});
