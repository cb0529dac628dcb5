/**
 * WCAG 2.2 AA (issue 13, "Every role's day"): axe-core over every page each role may open, as
 * the access table (src/lib/access.ts) says, with real ids; the sign-in page signed out; each
 * office-display panel through its token; and the main dialogs open. No serious or critical
 * violation may remain; the failure lists each one with its page, rule, impact, elements and
 * what would fix it.
 *
 * One browser page per role, reused from page to page, so the file stays short on a small
 * machine. Nothing is submitted: dialogs are opened and cancelled.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './test';
import { DISPLAY_PANELS } from '../../db/schema/dashboards';
import { ACCESS, pathOf, rolesOf, type PageEntry } from '../../src/lib/access';
import { E2E_ORIGIN } from './environment';
import { DEMO_ACCOUNTS, signIn, visit } from './session';

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const BLOCKING = new Set(['serious', 'critical']);

const ACCOUNTS = DEMO_ACCOUNTS;

const PAGES = ACCESS.filter((e): e is PageEntry => e.kind === 'page');

/** The serious and critical violations on the page as it is now, one line per element. */
async function violations(page: Page, where: string): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
	return violations
		.filter((v) => BLOCKING.has(v.impact ?? ''))
		.flatMap((v) =>
			v.nodes.map(
				(n) => `${where} · ${v.id} (${v.impact}) · ${n.target.join(' ')} · ${v.help} · ${v.helpUrl}`
			)
		);
}

/** Opens a page and waits until it has hydrated and fetched what it fetches on arrival. */
async function settle(page: Page, path: string): Promise<void> {
	await visit(page, path);
	if (/^\/boards\/\d+$/.test(path))
		await expect(page.getByTestId('connection')).toHaveText(/Live/, { timeout: 30_000 });
	await page.waitForLoadState('networkidle');
}

/** A role's own browser, closed when the test ends (./test closes what a test opens). */
async function newPage(browser: Browser): Promise<Page> {
	return (await browser.newContext()).newPage();
}

async function signedIn(browser: Browser, role: keyof typeof ACCOUNTS): Promise<Page> {
	const page = await newPage(browser);
	await signIn(page, ACCOUNTS[role]);
	return page;
}

/** A real board and a real patient, as an admin's API answers them. */
async function ids(page: Page): Promise<{ id: (route: string) => number }> {
	const boards = (await (await page.request.get('/api/boards')).json()) as { id: number }[];
	const ptl = (await (await page.request.get('/api/pathways?pageSize=25')).json()) as {
		items: { patientId: number }[];
	};
	const board = boards[0].id;
	const patient = ptl.items[0].patientId;
	return { id: (route) => (route.includes('/boards/') ? board : patient) };
}

for (const role of Object.keys(ACCOUNTS) as (keyof typeof ACCOUNTS)[]) {
	test(`every page a ${role} may open has no serious or critical WCAG 2.2 AA violation`, async ({
		browser
	}) => {
		// Axe over a page of a thousand table rows took 5-20 s on a loaded two-core machine, and an
		// admin has seventeen pages. Time is not asserted.
		test.setTimeout(600_000);
		const page = await signedIn(browser, role);
		// the admin may read every board and patient; other roles open the same ones
		const admin = role === 'admin' ? page : await signedIn(browser, 'admin');
		const { id } = await ids(admin);
		const found: string[] = [];
		for (const entry of PAGES.filter((e) => rolesOf(e).includes(role))) {
			const params = Object.fromEntries(
				// a parameter with named values (an import's kind) takes its first; ids a real one
				Object.entries(entry.params ?? {}).map(([n, kind]) => [
					n,
					Array.isArray(kind) ? (kind as readonly string[])[0] : id(entry.route)
				])
			);
			const path = pathOf(entry.route, params);
			await settle(page, path);
			found.push(...(await violations(page, `${role} ${path}`)));
		}
		expect(found, found.join('\n')).toEqual([]);
	});
}

test('the sign-in page, signed out, has no serious or critical WCAG 2.2 AA violation', async ({
	page
}) => {
	await settle(page, '/login');
	const found = await violations(page, 'signed out /login');
	// a refused sign-in shows its error
	await page.getByLabel('Email').fill('nobody@demo.test');
	await page.getByLabel('Password').fill('not the password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toBeVisible({ timeout: 30_000 });
	found.push(...(await violations(page, 'signed out /login, refused')));
	expect(found, found.join('\n')).toEqual([]);
});

test('every office-display panel has no serious or critical WCAG 2.2 AA violation', async ({
	browser
}) => {
	const admin = await signedIn(browser, 'admin');
	const tv = await newPage(browser);
	const found: string[] = [];
	for (const panel of DISPLAY_PANELS) {
		const created = await admin.request.post('/admin/displays?/create', {
			headers: { origin: E2E_ORIGIN, 'x-sveltekit-action': 'true' },
			form: { name: `Axe TV ${panel} ${Date.now()}`, panels: panel, rotateSeconds: '600' }
		});
		const link = /\/display\/\d+\?token=[\w-]{43}/.exec(await created.text());
		expect(link, `the admin is shown the new display link (${panel})`).not.toBeNull();
		await settle(tv, link![0]);
		await expect(tv.getByTestId('display-panel')).toBeVisible();
		found.push(...(await violations(tv, `display panel ${panel}`)));
	}
	expect(found, found.join('\n')).toEqual([]);
});

/** Opens a page, then the dialog its first `opener` button opens; checks it, and closes it. */
async function inDialog(
	page: Page,
	path: string,
	opener: RegExp,
	close: string
): Promise<string[]> {
	await settle(page, path);
	await page.getByRole('button', { name: opener }).first().click();
	const dialog = page.getByRole('dialog');
	await expect(dialog).toBeVisible();
	// what the dialog fetches on opening (a booking's free sessions) has arrived
	await page.waitForLoadState('networkidle');
	const found = await violations(page, `${path}, dialog from "${opener.source}"`);
	await dialog.getByRole('button', { name: close }).click();
	await expect(dialog).toBeHidden();
	return found;
}

test('the main dialogs, open, have no serious or critical WCAG 2.2 AA violation', async ({
	browser
}) => {
	// the optimiser's proposal took 45 s on a loaded two-core machine (tests/e2e/proposal.e2e.ts)
	test.setTimeout(300_000);
	const coordinator = await signedIn(browser, 'coordinator');
	const found: string[] = [];

	// validation: recording an outcome; the PTL: moving a booking
	found.push(
		...(await inDialog(coordinator, '/validation', /^Record outcome for /, 'Cancel')),
		...(await inDialog(coordinator, '/ptl?booked=booked', /^Move booking for /, 'Close'))
	);

	// a planning board: the optimiser's proposal, for review (kept in this browser only)
	const boards = (await (await coordinator.request.get('/api/boards')).json()) as { id: number }[];
	await settle(coordinator, `/boards/${boards[0].id}`);
	await coordinator.getByRole('button', { name: 'Propose plan' }).click();
	const proposal = coordinator.getByTestId('proposal');
	await expect(proposal).toBeVisible({ timeout: 60_000 });
	found.push(...(await violations(coordinator, 'coordinator /boards, proposed plan')));
	await proposal.getByRole('button', { name: 'Discard' }).click();

	// case notes: recording a movement
	const records = await signedIn(browser, 'records');
	found.push(...(await inDialog(records, '/records', /^Other movement for the /, 'Cancel')));

	expect(found, found.join('\n')).toEqual([]);
});

test('a manager, watching a board read-only, reaches and scrolls its waiting list by keyboard', async ({
	browser
}) => {
	const manager = await signedIn(browser, 'manager');
	const boards = (await (await manager.request.get('/api/boards')).json()) as { id: number }[];
	await settle(manager, `/boards/${boards[0].id}`);
	await manager.getByLabel('Show').selectOption('all');
	// the rows hold no button for a manager: the list itself takes focus, next after the sort menu
	await manager.getByLabel('Sort').focus();
	await manager.keyboard.press('Tab');
	const list = manager.getByRole('region', { name: 'Patients on the waiting list' });
	await expect(list).toBeFocused();
	await manager.keyboard.press('End');
	await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
});
