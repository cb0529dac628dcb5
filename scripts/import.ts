/**
 * npm run --silent import -- <what> [options]
 *
 * Brings a trust's data in, on the configured database (DATABASE_URL, else the embedded one in
 * DATA_DIR), applying migrations first; no running server is needed.
 *
 *   rtt-csv --file F [--file G …] [--json] [--dry-run]   NHS England's monthly RTT full CSV file
 *
 * Exit 0 when imported; 2, with a message naming the line and field, when the input is refused
 * (and nothing is changed); 1 on an internal error.
 */
import { parseArgs } from 'node:util';
import {
	ImportRefused,
	RTT_CSV_USAGE,
	rttCsvCommand
} from '../src/lib/server/imports/rttCsvCommand';

const COMMANDS: Record<string, { usage: string; run: (args: string[]) => Promise<string> }> = {
	'rtt-csv': {
		usage: RTT_CSV_USAGE,
		run: (args) => {
			const { values } = parseArgs({
				args,
				options: {
					file: { type: 'string', multiple: true },
					json: { type: 'boolean', default: false },
					'dry-run': { type: 'boolean', default: false }
				},
				strict: true
			});
			return rttCsvCommand({
				files: values.file ?? [],
				json: values.json,
				dryRun: values['dry-run']
			});
		}
	}
};

const USAGE = Object.values(COMMANDS)
	.map((c) => c.usage)
	.join('\n');

async function main(): Promise<number> {
	const [what, ...rest] = process.argv.slice(2);
	if (what === undefined || what === '--help' || !Object.hasOwn(COMMANDS, what)) {
		process.stderr.write(
			`import: ${what === undefined || what === '--help' ? 'what to import?' : `unknown import ${JSON.stringify(what)}`}\n${USAGE}\n`
		);
		return what === '--help' ? 0 : 2;
	}
	try {
		process.stdout.write(`${await COMMANDS[what].run(rest)}\n`);
		return 0;
	} catch (e) {
		if (
			e instanceof ImportRefused ||
			(e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
		) {
			process.stderr.write(`import ${what}: ${e.message}\n`);
			return 2;
		}
		throw e;
	}
}

main().then(
	(code) => (process.exitCode = code),
	(e: unknown) => {
		process.stderr.write(
			`import: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`
		);
		process.exitCode = 1;
	}
);
