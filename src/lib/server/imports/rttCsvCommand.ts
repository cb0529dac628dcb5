/**
 * `npm run --silent import -- rtt-csv --file F [--file G …] [--json] [--dry-run]`: reads NHS
 * England's monthly RTT "Full CSV data file" (zipped or not, one or many months), checks it by
 * the published definitions and stores each provider's month, replacing an earlier import of it.
 * `--json` prints `{ "providers": [...], "warnings": [...], "stored": {...} | null }`.
 */
import { connect, configuredDatabaseUrl } from '../../../../db';
import type { RowProblem } from '../../domain/nationalRtt';
import { readNationalRttFiles, RefusedFile } from './nationalRttFile';
import { storeNationalRtt, type StoreResult } from '../nationalRtt';

export const RTT_CSV_USAGE =
	'usage: npm run --silent import -- rtt-csv --file F [--file G …] [--json] [--dry-run]';

/** The file cannot be imported as it is; the message names what is wrong. Exit code 2. */
export class ImportRefused extends Error {}

export interface RttCsvOptions {
	files: string[];
	json: boolean;
	dryRun: boolean;
}

/** At most this many bad cells are listed; the count says how many more there are. */
const PROBLEMS_SHOWN = 50;

export function describeProblems(problems: readonly RowProblem[]): string {
	const lines = problems
		.slice(0, PROBLEMS_SHOWN)
		.map((p) => `  line ${p.line}, ${p.field}: ${p.problem}`);
	if (problems.length > PROBLEMS_SHOWN)
		lines.push(`  … and ${problems.length - PROBLEMS_SHOWN} more`);
	return lines.join('\n');
}

export async function rttCsvCommand(options: RttCsvOptions): Promise<string> {
	if (options.files.length === 0) throw new ImportRefused(`--file is required\n${RTT_CSV_USAGE}`);
	let read;
	try {
		read = await readNationalRttFiles(options.files);
	} catch (e) {
		if (e instanceof RefusedFile) throw new ImportRefused(e.message);
		throw e;
	}
	if (read.problems.length > 0)
		throw new ImportRefused(
			`${read.problems.length} bad ${read.problems.length === 1 ? 'cell' : 'cells'}; nothing was imported:\n${describeProblems(read.problems)}`
		);
	let stored: StoreResult | null = null;
	if (!options.dryRun) {
		const open = await connect(configuredDatabaseUrl());
		try {
			stored = await storeNationalRtt(open.db, read.tally.entries());
		} finally {
			await open.close();
		}
	}
	if (options.json)
		return JSON.stringify({ providers: read.providers, warnings: read.warnings, stored });
	const periods = [...new Set(read.providers.map((p) => p.period))].sort();
	const providers = new Set(read.providers.map((p) => p.code)).size;
	return [
		`${read.rows} rows: ${providers} providers, ${periods.length === 1 ? 'month' : 'months'} ${periods.join(', ')}`,
		stored
			? `stored: ${stored.inserted} tallies (${stored.replaced} from an earlier import replaced)`
			: 'dry run: nothing stored',
		...read.warnings.map(
			(w) =>
				`warning: ${w.line ? `line ${w.line}: ` : ''}${w.provider ? `${w.provider} ${w.period}: ` : ''}${w.message}`
		)
	].join('\n');
}
