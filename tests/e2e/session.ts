import { expect, type Page } from '@playwright/test';
import type { Role } from '../../src/lib/access';

export const DEMO_PASSWORD = 'waitwise-demo';

/** A demo account for each signed-in role (an office display has a token, not an account). */
export const DEMO_ACCOUNTS: Record<Exclude<Role, 'display'>, string> = {
	admin: 'admin@demo.test',
	coordinator: 'coordinator@demo.test',
	team_leader: 'teamlead@demo.test',
	records: 'records@demo.test',
	summariser: 'summariser@demo.test',
	manager: 'manager@demo.test'
};

/** Signs in through the login page, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	// A sign-in is slow on purpose (scrypt at N = 2^17), and then the home page is rendered: on a
	// loaded two-core machine the two together took over the default 10 s. Time is not asserted.
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible({ timeout: 30_000 });
}

/**
 * Opens an app page and waits until it has hydrated: a server-rendered button clicked earlier
 * does nothing (the root layout marks <html data-hydrated> once it mounts).
 */
export async function visit(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await expect(page.locator('html[data-hydrated]')).toBeAttached();
}
