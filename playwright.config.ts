import { defineConfig } from '@playwright/test';
import {
	CHROMIUM_ARGS,
	chromiumExecutable,
	E2E_ORIGIN,
	E2E_PORT,
	e2eDatabaseUrl
} from './tests/e2e/environment';

const executablePath = chromiumExecutable();
const SIGNS_OUT = /(access|sessions)\.e2e\.ts$/;

// End-to-end tests run what ships: the built production server (STYLE.md rule 12), with the
// synthetic demo trust loaded at start into a database of its own.
export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	// One worker: with two, the two workers, their browsers and the server (with its in-process
	// database) contend for the machine's two cores, and the multi-browser tests ran past two
	// minutes in CI (each step 2-5 s). Why the suite got slower this round is still to be found.
	workers: 1,
	retries: 0,
	// A test that drives two signed-in browsers (claims seen by a colleague, a board on two screens,
	// a display's panel rotations) has taken over a minute on a two-core machine. Time is never an
	// assertion here.
	timeout: 120_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	// The access matrix and the sessions tests sign the demo accounts out everywhere, which would
	// pull the rug from under any test using the same account at that moment: they run on their
	// own, one at a time, once everything else has finished.
	projects: [
		{ name: 'e2e', testIgnore: SIGNS_OUT },
		{ name: 'signs-out', testMatch: SIGNS_OUT, dependencies: ['e2e'], workers: 1 }
	],
	use: {
		baseURL: E2E_ORIGIN,
		// A trace records every step of every test; CI keeps none of its files, so there it is off.
		trace: process.env.CI ? 'off' : 'retain-on-failure',
		launchOptions: { executablePath, args: CHROMIUM_ARGS }
	},
	webServer: {
		command: 'npx tsx server/index.ts',
		url: `${E2E_ORIGIN}/healthz`,
		timeout: 240_000,
		reuseExistingServer: false,
		stdout: 'pipe',
		stderr: 'pipe',
		env: {
			PORT: String(E2E_PORT),
			ORIGIN: E2E_ORIGIN,
			DATABASE_URL: e2eDatabaseUrl(),
			WAITWISE_DEMO: '1',
			DEMO_PATHWAYS: '2000',
			DEMO_SEED: '7'
		}
	}
});
