/**
 * npm run --silent plan:check -- --problem FILE --solution FILE [--json]
 *
 * Recomputes feasibility rule by rule and the objective independently of the optimiser
 * (shared/spec/planning-problem.md), prints each violated rule with the patient and session it
 * concerns and the objective by term. Exit 0 only when the plan is feasible and its stated
 * objective is right; 1 when it is not (a consistent infeasibility included); 2 when either file
 * is malformed.
 */
import { checkSolution, formatCheckReport } from '../src/lib/domain/planning/check';
import { MalformedProblemError, parseProblem } from '../src/lib/domain/planning/problem';
import { MalformedSolutionError, parseSolution } from '../src/lib/domain/planning/solution';
import { InputError, parseOptions, readJsonFile } from '../src/lib/optimiser/cli';

const USAGE = 'usage: npm run --silent plan:check -- --problem FILE --solution FILE [--json]';

function main(): number {
	const args = parseOptions(
		{
			problem: { type: 'string' },
			solution: { type: 'string' },
			json: { type: 'boolean' },
			help: { type: 'boolean' }
		},
		USAGE
	);
	if (args.help) {
		process.stdout.write(`${USAGE}\n`);
		return 0;
	}
	if (args.problem === undefined || args.solution === undefined) {
		throw new InputError(`--problem and --solution are both required\n${USAGE}`);
	}
	const problem = parseProblem(readJsonFile(args.problem, 'problem'));
	const solution = parseSolution(readJsonFile(args.solution, 'solution'));
	const report = checkSolution(problem, solution);
	process.stdout.write(
		`${args.json ? JSON.stringify(report, null, '\t') : formatCheckReport(report)}\n`
	);
	return report.ok ? 0 : 1;
}

try {
	process.exitCode = main();
} catch (e) {
	if (e instanceof MalformedProblemError || e instanceof MalformedSolutionError) {
		const what = e instanceof MalformedProblemError ? 'problem' : 'solution';
		process.stderr.write(`plan:check: malformed ${what}:\n${e.message.replace(/^/gm, '  ')}\n`);
		process.exitCode = 2;
	} else if (e instanceof InputError) {
		process.stderr.write(`plan:check: ${e.message}\n`);
		process.exitCode = 2;
	} else {
		process.stderr.write(
			`plan:check: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`
		);
		process.exitCode = 1;
	}
}
