import { expect, test } from './test';
import { signIn, visit } from './session';

// WCAG 2.4.1 (bypass blocks): the first Tab on any page offers a way past the navigation.

test('the first Tab on a page focuses "Skip to main content", which moves focus to the main content', async ({
	page
}) => {
	await signIn(page, 'coordinator@demo.test');
	for (const url of ['/', '/ptl']) {
		await visit(page, url);
		const skip = page.getByRole('link', { name: 'Skip to main content' });
		// out of sight until it has focus
		await expect(skip).not.toBeInViewport();
		await page.keyboard.press('Tab');
		await expect(skip).toBeFocused();
		await expect(skip).toBeInViewport();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('main')).toBeFocused();
		// the next Tab goes on from the main content, not back to the navigation
		await page.keyboard.press('Tab');
		await expect(page.getByRole('navigation', { name: 'Main' }).locator(':focus')).toHaveCount(0);
	}
});

test('the sign-in page has the skip link too', async ({ page }) => {
	await visit(page, '/login');
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('main')).toBeFocused();
});
