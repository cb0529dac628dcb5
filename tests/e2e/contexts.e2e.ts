import type { BrowserContext } from '@playwright/test';
import { expect, test } from './test';

// A browser context a test opens for itself is closed when the test ends (./test): left open, a
// second person's board or an office TV kept re-rendering through the rest of the suite.

test.describe.configure({ mode: 'serial' });

let leftBehind: BrowserContext | undefined;

test('a test opens a context of its own and leaves it open', async ({ browser }) => {
	leftBehind = await browser.newContext();
	await leftBehind.newPage();
	expect(browser.contexts()).toContain(leftBehind);
});

test('the next test finds it closed', async ({ browser }) => {
	expect(leftBehind).toBeDefined();
	expect(browser.contexts()).not.toContain(leftBehind);
});
