/**
 * Loads the synthetic demo trust.
 *
 *   npm run db:seed -- [--seed 42] [--pathways 20000] [--today YYYY-MM-DD]
 *                      [--database-url URL] [--force]
 *
 * The same seed, pathway count and date always give the same trust. Waits are measured back
 * from --today (default: today's date in London). The database defaults to the one the app uses
 * (DATABASE_URL, else ./data/pglite). A database that already has users is refused unless
 * --force is given, because the demo would be added alongside what is there.
 */
import { parseArgs } from 'node:util';
import { configuredDatabaseUrl, connect, redactUrl, type OpenDatabase } from '../db';
import {
	DEMO_ACCOUNTS,
	DEMO_PASSWORD,
	DEMO_STAFF,
	isDatabaseEmpty,
	loadDemoTrust
} from '../db/demo';
import { isIsoDate } from '../src/lib/domain/rtt';
import { DEFAULT_TIME_ZONE, wallDate } from '../src/lib/domain/workingTime';

const USAGE = `Usage: npm run db:seed -- [--seed N] [--pathways N] [--today YYYY-MM-DD] [--database-url URL] [--force]

  --seed N             random seed (default 42); the same seed gives the same trust
  --pathways N         how many pathways to create (default 20000)
  --today YYYY-MM-DD   the census date waits are measured back from (default: today in London)
  --database-url URL   memory://, a PGlite folder, or postgres://… (default: DATABASE_URL or ./data/pglite)
  --force              seed even though the database already has users (adds to what is there)`;

function fail(message: string): never {
	console.error(`db:seed: ${message}`);
	process.exit(1);
}

function wholeNumber(name: string, value: string, min: number, max: number): number {
	const n = Number(value);
	if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
		fail(
			`--${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})\n\n${USAGE}`
		);
	}
	return n;
}

let args: ReturnType<typeof parse>;
function parse() {
	return parseArgs({
		options: {
			seed: { type: 'string', default: '42' },
			pathways: { type: 'string', default: '20000' },
			today: { type: 'string' },
			'database-url': { type: 'string' },
			force: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false }
		},
		strict: true,
		allowPositionals: false
	});
}
try {
	args = parse();
} catch (err) {
	fail(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
}
if (args.values.help) {
	console.log(USAGE);
	process.exit(0);
}

const seed = wholeNumber('seed', args.values.seed, -(2 ** 53 - 1), 2 ** 53 - 1);
const pathways = wholeNumber('pathways', args.values.pathways, 1, 1_000_000);
// A fresh database has no time-zone setting yet, so its calendar is the default one.
const today = args.values.today ?? wallDate(Date.now(), DEFAULT_TIME_ZONE);
if (!isIsoDate(today))
	fail(`--today must be a calendar date as YYYY-MM-DD (got ${JSON.stringify(today)})`);
const url = args.values['database-url'] ?? configuredDatabaseUrl();

/** A refusal the user can act on: printed as it is, without a stack trace. */
class Refusal extends Error {}

let open: OpenDatabase | undefined;
try {
	console.log(`db:seed: opening ${redactUrl(url)}`);
	open = await connect(url);
	if (!(await isDatabaseEmpty(open))) {
		if (!args.values.force) {
			throw new Refusal(
				`${redactUrl(url)} already has users, so it is not a fresh database.\n` +
					'Seeding would add a second demo trust alongside what is there. Point --database-url at ' +
					'an empty database, or pass --force to add the demo anyway.'
			);
		}
		console.log(
			'db:seed: the database already has users; --force given, adding the demo alongside them'
		);
	}
	console.log(`db:seed: seed ${seed}, ${pathways} pathways, census date ${today}`);
	const summary = await loadDemoTrust(open, {
		seed,
		pathways,
		today,
		log: (message) => console.log(`db:seed: ${message}`)
	});
	console.log(`\nLoaded in ${(summary.elapsedMs / 1000).toFixed(1)} s:`);
	for (const [table, count] of Object.entries(summary.counts)) {
		console.log(`  ${table.padEnd(22)} ${String(count).padStart(8)}`);
	}
	console.log(`\nSign in with any of these (password "${DEMO_PASSWORD}"):`);
	for (const a of [...DEMO_ACCOUNTS, ...DEMO_STAFF])
		console.log(`  ${a.email.padEnd(24)} ${a.role}`);
} catch (err) {
	if (err instanceof Refusal) console.error(`db:seed: ${err.message}`);
	else
		console.error(
			`db:seed: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`
		);
	process.exitCode = 1;
} finally {
	// Closing flushes an on-disk PGlite cleanly, so it happens on refusal and failure too.
	await open?.close();
}
