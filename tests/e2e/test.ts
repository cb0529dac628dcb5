/**
 * The `test` every e2e file uses: Playwright's, with one addition. A browser context a test opens
 * for itself (a second person on a board, an office TV, a role's page) is closed when that test
 * ends, passed or failed.
 *
 * The worker's browser lives on through every later test file. A context left open keeps its
 * board's websocket, its live dashboard's stream and its rotating display running, re-rendering
 * at every edit later tests make: they piled up over the suite until each step took five to ten
 * times as long as on its own, and CI ran out of time.
 */
import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';

export const test = base.extend<{ closesWhatItOpens: void }>({
	closesWhatItOpens: [
		async ({ browser }, use) => {
			const before = new Set(browser.contexts());
			await use();
			const opened = browser.contexts().filter((context) => !before.has(context));
			await Promise.all(opened.map((context) => context.close()));
		},
		{ auto: true }
	]
});
