/**
 * Where the end-to-end tests get their browser and database. Shared by playwright.config.ts and
 * the preflight that runs before it.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 4173);
export const E2E_ORIGIN = `http://localhost:${E2E_PORT}`;
export const E2E_DATABASE_NAME = 'ww_e2e';

/** The database the e2e server uses: in-memory PGlite, or a fresh PostgreSQL database. */
export function e2eDatabaseUrl(): string {
	const base = process.env.TEST_DATABASE_URL;
	if (!base) return 'memory://';
	const u = new URL(base);
	u.pathname = `/${E2E_DATABASE_NAME}`;
	return u.toString();
}

const SYSTEM_CHROMIUM = [
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser',
	'/usr/bin/google-chrome'
];

/**
 * A system Chromium (Debian's, where browsers cannot be downloaded) or, failing that, the one
 * `npx playwright install chromium` put in Playwright's cache. CHROMIUM_PATH overrides both.
 */
export function chromiumExecutable(): string | undefined {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	return SYSTEM_CHROMIUM.find((p) => existsSync(p));
}

export function playwrightChromiumInstalled(): boolean {
	try {
		return existsSync(chromium.executablePath());
	} catch {
		return false;
	}
}

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
