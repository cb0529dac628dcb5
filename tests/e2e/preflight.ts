/**
 * Runs before Playwright: finds a browser (failing with instructions when there is none) and, on
 * PostgreSQL, gives the e2e server a fresh database.
 */
import postgres from 'postgres';
import { chromiumExecutable, E2E_DATABASE_NAME, playwrightChromiumInstalled } from './environment';

if (!chromiumExecutable() && !playwrightChromiumInstalled()) {
	console.error(`No browser for the end-to-end tests.
Install one of:
  - Debian/Ubuntu:   sudo apt-get install -y chromium      (found at /usr/bin/chromium)
  - anywhere else:   npx playwright install chromium
or point CHROMIUM_PATH at a Chromium or Chrome executable.`);
	process.exit(1);
}

const base = process.env.TEST_DATABASE_URL;
if (base) {
	const admin = postgres(base, { max: 1, onnotice: () => {} });
	await admin.unsafe(`drop database if exists "${E2E_DATABASE_NAME}" with (force)`);
	await admin.unsafe(`create database "${E2E_DATABASE_NAME}"`);
	await admin.end();
	console.log(`e2e: fresh PostgreSQL database ${E2E_DATABASE_NAME}`);
}
