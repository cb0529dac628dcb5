import {
	expect,
	type APIRequestContext,
	type Browser,
	type Page,
	type WebSocketRoute
} from '@playwright/test';
import { signIn } from './session';

export interface BoardData {
	id: number;
	specialty: string;
	sessions: {
		id: number;
		date: string;
		minutes: number;
		kind: string;
		clinicianId: number | null;
		slotTypes: string[] | null;
	}[];
	pathways: {
		id: number;
		name: string;
		minutes: number;
		slotType: string | null;
		clinicianId: number | null;
		unavailable: { from: string; to: string }[];
		bookedSessionId: number | null;
	}[];
	clinicians: { id: number; name: string }[];
}

/** A signed-in browser context of its own, as a separate person on a separate machine. */
export async function personOn(browser: Browser, email: string, baseURL?: string): Promise<Page> {
	const context = await browser.newContext(baseURL ? { baseURL } : {});
	const page = await context.newPage();
	await signIn(page, email);
	return page;
}

export async function boardFor(request: APIRequestContext, specialty: string): Promise<BoardData> {
	const list = (await (await request.get('/api/boards')).json()) as {
		id: number;
		specialty: string;
	}[];
	const board = list.find((b) => b.specialty === specialty);
	if (!board) throw new Error(`no board for ${specialty}`);
	return (await (await request.get(`/api/boards/${board.id}`)).json()) as BoardData;
}

export async function openBoard(page: Page, boardId: number): Promise<void> {
	await page.goto(`/boards/${boardId}`);
	await expect(page.getByTestId('connection')).toHaveText(/Live/);
}

/**
 * Two people, each signed in on a machine of their own, with the board of `specialty` (as the
 * first of them is sent it) open and live on both screens.
 */
export async function bothOnBoard(
	browser: Browser,
	[firstEmail, secondEmail]: [string, string],
	specialty: string
): Promise<[Page, Page, BoardData]> {
	const first = await personOn(browser, firstEmail);
	const second = await personOn(browser, secondEmail);
	const board = await boardFor(first.request, specialty);
	await openBoard(first, board.id);
	await openBoard(second, board.id);
	return [first, second, board];
}

/** Minutes already in a session from bookings made outside the board. */
export const usedOutside = (board: BoardData, sessionId: number) =>
	board.pathways.filter((p) => p.bookedSessionId === sessionId).reduce((t, p) => t + p.minutes, 0);

/** Monday of the week a date falls in, as the board's week tabs name it. */
export function mondayOf(date: string): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
	return d.toISOString().slice(0, 10);
}

export async function showWeekOf(page: Page, date: string): Promise<void> {
	await page.getByRole('tab', { name: `w/c ${mondayOf(date)}` }).click();
}

/** An unbooked patient and a session that break no hard rule together. */
export function compatiblePair(board: BoardData, skip: Set<number> = new Set()) {
	for (const s of [...board.sessions].sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id)) {
		const room = s.minutes - usedOutside(board, s.id);
		const p = board.pathways.find(
			(p) =>
				!skip.has(p.id) &&
				p.bookedSessionId === null &&
				p.minutes <= room &&
				(!p.slotType || !s.slotTypes || s.slotTypes.includes(p.slotType)) &&
				(p.clinicianId === null || s.clinicianId === null || p.clinicianId === s.clinicianId) &&
				!p.unavailable.some((u) => u.from <= s.date && s.date <= u.to)
		);
		if (p) return { pathway: p, session: s };
	}
	throw new Error('no compatible patient and session on this board');
}

/** Finds a patient in the (virtualised) waiting list, picks them up and places them in a session. */
export async function move(
	page: Page,
	pathway: { id: number; name: string },
	session: { id: number; date: string }
): Promise<void> {
	await showWeekOf(page, session.date);
	await page.getByLabel('Show').selectOption('all');
	await page.getByPlaceholder(/Search name/).fill(pathway.name.split(',')[0]);
	const row = page.getByTestId(`patient-${pathway.id}`);
	await row.getByRole('button', { name: /^Pick up/ }).click();
	await page
		.getByTestId(`session-${session.id}`)
		.getByRole('button', { name: 'Place here' })
		.click();
	await page.getByPlaceholder(/Search name/).fill('');
}

/** Cuts and restores one page's board websocket, as a dropped wifi would. */
export async function networkSwitch(page: Page) {
	let online = true;
	const open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
	await page.routeWebSocket(/\/yjs\//, (ws) => {
		if (!online) {
			void ws.close({ code: 4000, reason: 'offline (test)' });
			return;
		}
		const server = ws.connectToServer();
		open.add({ page: ws, server });
	});
	return {
		async offline() {
			online = false;
			for (const c of open) {
				await c.server.close({ code: 4000, reason: 'offline (test)' });
				await c.page.close({ code: 4000, reason: 'offline (test)' });
			}
			open.clear();
			await expect(page.getByTestId('connection')).toHaveText(/Offline|Connecting/);
		},
		async online() {
			online = true;
			await expect(page.getByTestId('connection')).toHaveText(/Live/, { timeout: 15_000 });
		}
	};
}
