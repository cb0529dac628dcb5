import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './test';
import { healthy, startOwnServer, stopOwnServer, type OwnServer } from './ownServer';
import { boardFor, compatiblePair, move, openBoard, personOn, showWeekOf } from './boards';

// This test runs a server of its own (on an embedded database on disk) so it can stop and
// start it; the shared server of the other tests keeps running.
const PORT = 4191;
const ORIGIN = `http://localhost:${PORT}`;

function startServer(dataDir: string): OwnServer {
	return startOwnServer(PORT, {
		DATA_DIR: dataDir,
		DATABASE_URL: '',
		WAITWISE_DEMO: '1',
		DEMO_PATHWAYS: '600',
		DEMO_SEED: '3'
	});
}

test('restarting the server mid-session loses no accepted edit, and an office display carries on by itself', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const dataDir = mkdtempSync(join(tmpdir(), 'waitwise-restart-'));
	let server = startServer(dataDir);
	try {
		await healthy(PORT);
		const alice = await personOn(browser, 'coordinator@demo.test', ORIGIN);
		const board = await boardFor(alice.request, '130');
		await openBoard(alice, board.id);
		const before = compatiblePair(board);
		await move(alice, before.pathway, before.session);
		await expect(alice.getByTestId(`chip-${before.pathway.id}`)).toBeVisible();

		// an office display, opened from the link an admin made, showing live figures
		const admin = await personOn(browser, 'admin@demo.test', ORIGIN);
		await admin.goto('/admin/displays');
		await admin.getByLabel('Name', { exact: true }).fill('Restart office TV');
		await admin.getByLabel('RTT headline figures', { exact: true }).check();
		await admin.getByRole('button', { name: 'Create display' }).click();
		const link = await admin.getByTestId('display-link').inputValue();
		const display = await (await browser.newContext()).newPage();
		await display.goto(link);
		await expect(display.getByTestId('display')).toHaveAttribute('data-status', 'live');

		await stopOwnServer(server);
		await expect(alice.getByTestId('connection')).toHaveText(/Offline|Connecting/);
		await expect(display.getByTestId('stale-banner')).toHaveText(
			/^Data stale since \d\d:\d\d — reconnecting$/,
			{
				timeout: 15_000
			}
		);
		// an edit made while the server is down is kept in the page and sent once it is back
		const during = compatiblePair(board, new Set([before.pathway.id]));
		await move(alice, during.pathway, during.session);

		server = startServer(dataDir);
		await healthy(PORT);
		await expect(alice.getByTestId('connection')).toHaveText(/Live/, { timeout: 30_000 });
		// the display reconnects with its token (no session to lose) and its figures are fresh again
		await expect(display.getByTestId('display')).toHaveAttribute('data-status', 'live', {
			timeout: 30_000
		});
		await expect(display.getByTestId('stale-banner')).toHaveCount(0);
		await expect(display.getByRole('heading', { name: 'RTT headline figures' })).toBeVisible();

		const bob = await personOn(browser, 'coordinator2@demo.test', ORIGIN);
		await openBoard(bob, board.id);
		await showWeekOf(bob, before.session.date);
		await expect(bob.getByTestId(`chip-${before.pathway.id}`)).toBeVisible();
		await showWeekOf(bob, during.session.date);
		await expect(bob.getByTestId(`chip-${during.pathway.id}`)).toBeVisible();
	} finally {
		await stopOwnServer(server);
		rmSync(dataDir, { recursive: true, force: true });
	}
});
