/**
 * npm run --silent sessions:generate -- --from YYYY-MM-DD --to YYYY-MM-DD [--dry-run] [--json]
 *
 * Generates the clinic and theatre sessions of a date range from the job plans' weekly templates
 * (`npm run import -- job-plans`), in the configured database (DATABASE_URL, else the embedded
 * one in DATA_DIR). Idempotent: a second run makes nothing new; sessions with bookings are never
 * changed; the trust's bank holidays get no session. `--dry-run` reports and writes nothing;
 * `--json` prints the report as one JSON document and nothing else. Exit 0 when it ran, 2 when
 * misused (a bad date or range), 1 on an unexpected failure.
 */
import { configuredDatabaseUrl, connect, type OpenDatabase } from '../db';
import { AppError } from '../src/lib/server/errors';
import { generateSessions, type SessionGenerationReport } from '../src/lib/server/jobPlans';
import { InputError, parseOptions } from '../src/lib/optimiser/cli';

const USAGE =
	'usage: npm run --silent sessions:generate -- --from YYYY-MM-DD --to YYYY-MM-DD [--dry-run] [--json]';

function describe(report: SessionGenerationReport, dryRun: boolean): string {
	const lines = [
		`${dryRun ? 'Dry run (nothing written): ' : ''}sessions ${report.from} to ${report.to}: created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, left alone because booked ${report.keptBooked}`,
		`  bank holidays skipped: ${report.skippedHolidays.length}`,
		...report.byWeek.map((w) => `  week of ${w.week} at ${w.site}: ${w.sessions} new or changed`)
	];
	return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
	const args = parseOptions(
		{
			from: { type: 'string' },
			to: { type: 'string' },
			'dry-run': { type: 'boolean', default: false },
			json: { type: 'boolean', default: false }
		},
		USAGE,
		process.argv.slice(2)
	);
	if (args.from === undefined || args.to === undefined) {
		throw new InputError(`--from and --to are required\n${USAGE}`);
	}
	let open: OpenDatabase | undefined;
	try {
		open = await connect(configuredDatabaseUrl());
		const report = await generateSessions(open.db, {
			from: args.from,
			to: args.to,
			dryRun: args['dry-run'],
			userId: null
		});
		process.stdout.write(
			args.json ? `${JSON.stringify(report)}\n` : describe(report, args['dry-run'])
		);
	} finally {
		await open?.close();
	}
}

try {
	await main();
} catch (e) {
	if (e instanceof InputError || (e instanceof AppError && e.kind === 'invalid')) {
		process.stderr.write(`sessions:generate: ${e.message}\n`);
		process.exitCode = 2;
	} else {
		process.stderr.write(
			`sessions:generate: failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`
		);
		process.exitCode = 1;
	}
}
