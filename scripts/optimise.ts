/**
 * npm run --silent optimise -- --problem FILE [--time-limit SECONDS] [--seed N]
 *
 * Writes the solution JSON (shared/spec/planning-problem.md) to standard output and nothing
 * else; progress goes to standard error. The time limit is total wall-clock time from the
 * process starting to the solution written. Exit 0 for optimal, feasible and infeasible alike;
 * 2 with a message naming the field when the problem is malformed (or the command misused).
 */
import { MalformedProblemError, parseProblem } from '../src/lib/domain/planning/problem';
import { InputError, numberOption, parseOptions, readJsonFile } from '../src/lib/optimiser/cli';
import { solve } from '../src/lib/optimiser/solve';

const processStart = Date.now() - process.uptime() * 1000;
const USAGE =
	'usage: npm run --silent optimise -- --problem FILE [--time-limit SECONDS] [--seed N]';

async function main(): Promise<number> {
	const args = parseOptions(
		{
			problem: { type: 'string' },
			'time-limit': { type: 'string' },
			seed: { type: 'string' },
			help: { type: 'boolean' }
		},
		USAGE
	);
	if (args.help) {
		process.stderr.write(`${USAGE}\n`);
		return 0;
	}
	if (args.problem === undefined) throw new InputError(`--problem is required\n${USAGE}`);
	const timeLimit = numberOption(args['time-limit'], 'time-limit', 60);
	const seed = numberOption(args.seed, 'seed', 1, true);

	const problem = parseProblem(readJsonFile(args.problem, 'problem'));
	log(
		`optimise: ${problem.patients.length} patients, ${problem.sessions.length} sessions, time limit ${timeLimit} s, seed ${seed}`
	);
	const elapsed = (Date.now() - processStart) / 1000;
	let lastPhase = '';
	const solution = await solve(problem, {
		timeLimitSeconds: Math.max(0, timeLimit - elapsed),
		seed,
		onProgress: (p) => {
			if (p.phase !== lastPhase || p.done === p.total) {
				lastPhase = p.phase;
				log(`  ${p.phase}${p.message ? ` (${p.message})` : ''}: ${p.done}/${p.total}`);
			}
		}
	});
	const json = JSON.stringify(solution);
	await new Promise<void>((resolve, reject) =>
		process.stdout.write(`${json}\n`, (e) => (e ? reject(e) : resolve()))
	);
	const gap = solution.stats?.gap;
	log(
		`optimise: ${solution.status}, objective ${solution.objective}` +
			(solution.lowerBound != null ? `, bound ${solution.lowerBound}, gap ${gap}` : '') +
			`, ${solution.bookings.length} booked${solution.unmet ? `, ${solution.unmet.length} unmet` : ''}, ` +
			`${((Date.now() - processStart) / 1000).toFixed(2)} s`
	);
	return 0;
}

function log(message: string): void {
	process.stderr.write(`${message}\n`);
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(e: unknown) => {
		if (e instanceof MalformedProblemError) {
			log(`optimise: malformed problem:\n${indent(e.message)}`);
			process.exitCode = 2;
		} else if (e instanceof InputError) {
			log(`optimise: ${e.message}`);
			process.exitCode = 2;
		} else {
			log(`optimise: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
			process.exitCode = 1;
		}
	}
);

function indent(text: string): string {
	return text
		.split('\n')
		.map((line) => `  ${line}`)
		.join('\n');
}
