import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { signIn, visit } from './session';

/** How many rows the main menu's links stand in. */
async function menuRows(page: Page) {
	const tops = await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link')
		.evaluateAll((links) => links.map((a) => Math.round(a.getBoundingClientRect().top)));
	return new Set(tops).size;
}

// Issue 13: at 1440 px the team leader's and admin's menus wrapped to two rows and "Sign out"
// broke in two.
for (const [who, email] of [
	['admin', 'admin@demo.test'],
	['team leader', 'teamlead@demo.test']
])
	for (const width of [1280, 1440])
		test(`the ${who}'s menu keeps to one row at ${width} px, with Sign out whole`, async ({
			page
		}) => {
			await page.setViewportSize({ width, height: 900 });
			await signIn(page, email);
			await visit(page, '/');
			expect(await menuRows(page)).toBe(1);
			const signOut = page.getByRole('button', { name: 'Sign out' });
			await expect(signOut).toBeInViewport({ ratio: 1 });
			// one line of text: a button's padding and one line, not two
			const box = (await signOut.boundingBox())!;
			expect(box.height).toBeLessThan(48);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
				width
			);
		});

// Issue 13: on a phone the name and Sign out were off to the right, and the page scrolled sideways.
test('on a 390 px phone nothing scrolls sideways; wide tables scroll inside their box', async ({
	page
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, 'coordinator@demo.test');
	for (const path of ['/', '/ptl', '/validation']) {
		await visit(page, path);
		const { scrollWidth, innerWidth } = await page.evaluate(() => ({
			scrollWidth: document.documentElement.scrollWidth,
			innerWidth: window.innerWidth
		}));
		expect(scrollWidth, path).toBeLessThanOrEqual(innerWidth);
		await expect(page.getByRole('button', { name: 'Sign out' })).toBeInViewport({ ratio: 1 });
	}
});
