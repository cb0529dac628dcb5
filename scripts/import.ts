/**
 * npm run --silent import -- <kind> --file F [--dry-run] [--json] [--extract-date YYYY-MM-DD]
 *
 * Imports a file into the configured database (DATABASE_URL, else the embedded one in DATA_DIR),
 * applying migrations first, like db:seed; no server needs to run (an embedded database the
 * server has open is refused by its lock). Kinds:
 *
 *   ptl       a PAS waiting-list extract, CSV or XLSX (issue 14; columns in the README);
 *             `--source NAME` applies the header mapping saved for that source on the page
 *   rtt-csv   NHS England's monthly RTT "Full CSV data file", zipped or not, one or many
 *             (`--file` repeated); `--json` prints each provider and month (README)
 *   sites, specialties, consultants, staff
 *             a trust's reference data and staff, CSV or XLSX (columns in the README); staff
 *             accounts the file makes get a one-time set-password link, printed once (with the
 *             ORIGIN in front when it is set) for the admin to send
 *   job-plans weekly session templates, CSV or XLSX, upserted by template_code (README "Job
 *             plans"); generate their sessions with `npm run sessions:generate`
 *
 * `--json` prints the report as one JSON document and nothing else on standard output. Exit 0
 * when the import ran (rejected rows are in the report); 2 when the command is misused or the file
 * is refused as a whole (not CSV/XLSX, no header, a required column missing), with a message
 * naming the problem; 1 on an unexpected failure.
 */
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { configuredDatabaseUrl, connect, type OpenDatabase } from '../db';
import { isIsoDate } from '../src/lib/domain/rtt';
import { AppError } from '../src/lib/server/errors';
import { importJobPlans, type JobPlanImportReport } from '../src/lib/server/imports/jobPlans';
import { importPtl, type PtlImportReport } from '../src/lib/server/imports/ptl';
import { importReference } from '../src/lib/server/imports/referenceImports';
import type { TableImportReport } from '../src/lib/contracts/referenceImport';
import { REFERENCE_KINDS, type ReferenceKind } from '../src/lib/domain/referenceImport';
import { sourceMapping } from '../src/lib/server/imports/sources';
import { tableKind } from '../src/lib/server/imports/tableFile';
import {
	ImportRefused,
	RTT_CSV_USAGE,
	rttCsvCommand
} from '../src/lib/server/imports/rttCsvCommand';
import { SET_PASSWORD_LINK_DAYS } from '../src/lib/server/setPasswordLinks';
import { trustToday } from '../src/lib/server/trustCalendar';
import { InputError, parseOptions } from '../src/lib/optimiser/cli';

const PTL_USAGE =
	'usage: npm run --silent import -- ptl --file F [--source NAME] [--dry-run] [--json] [--extract-date YYYY-MM-DD]';
const REFERENCE_USAGE = `usage: npm run --silent import -- ${REFERENCE_KINDS.join('|')} --file F [--dry-run] [--json]`;
const JOB_PLANS_USAGE = 'usage: npm run --silent import -- job-plans --file F [--dry-run] [--json]';
const USAGE = `${PTL_USAGE}\n${RTT_CSV_USAGE}\n${REFERENCE_USAGE}\n${JOB_PLANS_USAGE}`;

/** How many rejected rows the plain report lists; `--json` has them all. */
const LISTED_REJECTIONS = 20;

/** One entry per kind of file: its name on the command line → what imports it. */
const COMMANDS: Record<string, (rest: string[]) => Promise<void>> = {
	ptl: importPtlCommand,
	'rtt-csv': importRttCsvCommand,
	...Object.fromEntries(
		REFERENCE_KINDS.map((kind) => [kind, (rest: string[]) => importReferenceCommand(kind, rest)])
	),
	'job-plans': importJobPlansCommand
};

async function importJobPlansCommand(rest: string[]): Promise<void> {
	const args = parseOptions(
		{
			file: { type: 'string' },
			'dry-run': { type: 'boolean', default: false },
			json: { type: 'boolean', default: false }
		},
		JOB_PLANS_USAGE,
		rest
	);
	const file = await tableFileArgument(args.file, JOB_PLANS_USAGE);
	let open: OpenDatabase | undefined;
	try {
		open = await connect(configuredDatabaseUrl());
		const report = await importJobPlans(open.db, file, {
			dryRun: args['dry-run'],
			userId: null,
			fileName: basename(file)
		});
		if (args.json) {
			process.stdout.write(`${JSON.stringify(report)}\n`);
			return;
		}
		const lines = describeCounts(
			report,
			args['dry-run'],
			[],
			(i) => report.rejected[i].template,
			'templates'
		);
		process.stdout.write(`${lines.join('\n')}\n`);
	} finally {
		await open?.close();
	}
}

async function importRttCsvCommand(rest: string[]): Promise<void> {
	const args = parseOptions(
		{
			file: { type: 'string', multiple: true },
			'dry-run': { type: 'boolean', default: false },
			json: { type: 'boolean', default: false }
		},
		RTT_CSV_USAGE,
		rest
	);
	const answer = await rttCsvCommand({
		files: args.file ?? [],
		json: args.json,
		dryRun: args['dry-run']
	});
	process.stdout.write(`${answer}\n`);
}

/** A file named by --file that exists and is a table, before any database is opened. */
async function tableFileArgument(file: string | undefined, usage: string): Promise<string> {
	if (file === undefined) throw new InputError(`--file is required\n${usage}`);
	try {
		await access(file);
	} catch (e) {
		throw new InputError(`cannot read ${file}: ${(e as Error).message}`);
	}
	// Refuse a file that is no table before the database is opened or migrated.
	await tableKind(file, basename(file));
	return file;
}

async function importReferenceCommand(kind: ReferenceKind, rest: string[]): Promise<void> {
	const args = parseOptions(
		{
			file: { type: 'string' },
			'dry-run': { type: 'boolean', default: false },
			json: { type: 'boolean', default: false }
		},
		REFERENCE_USAGE,
		rest
	);
	const file = await tableFileArgument(args.file, REFERENCE_USAGE);
	let open: OpenDatabase | undefined;
	try {
		open = await connect(configuredDatabaseUrl());
		const report = await importReference(open.db, kind, file, {
			dryRun: args['dry-run'],
			userId: null,
			fileName: basename(file)
		});
		process.stdout.write(
			args.json ? `${JSON.stringify(report)}\n` : describeReference(report, args['dry-run'])
		);
	} finally {
		await open?.close();
	}
}

async function importPtlCommand(rest: string[]): Promise<void> {
	const args = parseOptions(
		{
			file: { type: 'string' },
			'dry-run': { type: 'boolean', default: false },
			json: { type: 'boolean', default: false },
			'extract-date': { type: 'string' },
			source: { type: 'string' }
		},
		PTL_USAGE,
		rest
	);
	const extractDate = args['extract-date'];
	if (extractDate !== undefined && !isIsoDate(extractDate)) {
		throw new InputError(
			`--extract-date must be a calendar date as YYYY-MM-DD (got ${JSON.stringify(extractDate)})`
		);
	}
	const file = await tableFileArgument(args.file, PTL_USAGE);

	let open: OpenDatabase | undefined;
	try {
		open = await connect(configuredDatabaseUrl());
		const source = args.source;
		const mapping = source === undefined ? {} : await sourceMapping(open.db, { name: source });
		const report = await importPtl(open.db, file, {
			mapping,
			extractDate: extractDate ?? (await trustToday(open.db)),
			dryRun: args['dry-run'],
			userId: null,
			fileName: basename(file)
		}).catch((e: unknown) => {
			throw withUnmappedHeaders(e);
		});
		process.stdout.write(
			args.json ? `${JSON.stringify(report)}\n` : describe(report, args['dry-run'])
		);
	} finally {
		await open?.close();
	}
}

/** A refused header's message, with the headers nothing maps and how to map them. */
function withUnmappedHeaders(e: unknown): unknown {
	const unmapped = e instanceof AppError ? e.details.unmapped : undefined;
	if (!Array.isArray(unmapped) || unmapped.length === 0) return e;
	return new InputError(
		`${(e as Error).message}\n  headers nothing maps: ${unmapped.join(', ')}\n` +
			'  map them once on /admin/import, saved under a source, then pass --source NAME'
	);
}

/** The plain report every kind of table import prints: counts, then the first rejected rows. */
function describeCounts(
	report: TableImportReport | PtlImportReport | JobPlanImportReport,
	dryRun: boolean,
	extra: string[],
	keyOf: (i: number) => string,
	what = 'rows'
): string[] {
	const lines = [
		`${dryRun ? 'Dry run (nothing written): ' : ''}${report.rows} ${what}, ${report.accepted} accepted, ${report.rejected.length} rejected`,
		`  created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}`,
		...extra
	];
	for (const [i, r] of report.rejected.slice(0, LISTED_REJECTIONS).entries()) {
		const key = keyOf(i);
		lines.push(`  line ${r.line}${key ? ` (${key})` : ''}: ${r.reasons.join('; ')}`);
	}
	const more = report.rejected.length - LISTED_REJECTIONS;
	if (more > 0) lines.push(`  … and ${more} more rejected rows (--json lists them all)`);
	return lines;
}

function describe(report: PtlImportReport, dryRun: boolean): string {
	const missing = `  open pathways missing from the extract (flagged for validation): ${report.flaggedMissing}`;
	const lines = describeCounts(report, dryRun, [missing], (i) => report.rejected[i].pathway);
	return `${lines.join('\n')}\n`;
}

function describeReference(report: TableImportReport, dryRun: boolean): string {
	const lines = describeCounts(report, dryRun, [], (i) => report.rejected[i].key);
	const links = report.setPasswordLinks ?? [];
	if (links.length > 0) {
		const origin = (process.env.ORIGIN ?? '').replace(/\/$/, '');
		lines.push(
			`  set-password links (shown once: send each to its person; they work for ${SET_PASSWORD_LINK_DAYS} days):`
		);
		for (const l of links) lines.push(`  ${l.email} (${l.name}): ${origin}${l.path}`);
	}
	return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
	const [command, ...rest] = process.argv.slice(2);
	if (command === '--help' || command === 'help') {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	if (command === undefined || !Object.hasOwn(COMMANDS, command)) {
		throw new InputError(
			`${command === undefined ? 'a kind of file is required' : `unknown kind ${JSON.stringify(command)}`}\n${USAGE}`
		);
	}
	await COMMANDS[command](rest);
}

try {
	await main();
} catch (e) {
	if (
		e instanceof InputError ||
		e instanceof ImportRefused ||
		(e instanceof AppError && (e.kind === 'invalid' || e.kind === 'not-found'))
	) {
		process.stderr.write(`import: ${e.message}\n`);
		process.exitCode = 2;
	} else {
		process.stderr.write(
			`import: failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`
		);
		process.exitCode = 1;
	}
}
