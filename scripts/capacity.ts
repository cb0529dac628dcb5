/**
 * npm run --silent capacity -- project|calibrate|solve --input FILE
 *
 * The demand and capacity model (shared/spec/capacity-model.md) on JSON documents: `project`
 * reads a CapacityModelInput and writes a CapacityModelOutput; `calibrate` reads observed periods
 * and writes parameters (and the validation MAPE when periods are held out); `solve` reads a model
 * input and a target and writes the capacity multiplier needed. The formats are in
 * src/lib/contracts/capacity.ts and the README. Standard output carries the JSON and nothing else.
 * Exit 0 on an answer (an unreachable target included); 2 with a message naming the field when the
 * input is malformed or the command misused.
 */
import {
	MalformedCapacityInputError,
	parseCapacityCalibrateInput,
	parseCapacityModelInput,
	parseCapacitySolveInput
} from '../src/lib/contracts/capacity';
import { answerCalibrate, answerProject, answerSolve } from '../src/lib/domain/capacity/exchange';
import { InputError, parseOptions, readJsonFile } from '../src/lib/optimiser/cli';

const USAGE = 'usage: npm run --silent capacity -- project|calibrate|solve --input FILE';

const COMMANDS = {
	project: (json: unknown) => answerProject(parseCapacityModelInput(json)),
	calibrate: (json: unknown) => answerCalibrate(parseCapacityCalibrateInput(json)),
	solve: (json: unknown) => answerSolve(parseCapacitySolveInput(json))
};

function main(): number {
	const [command, ...rest] = process.argv.slice(2);
	if (command === '--help' || command === 'help') {
		process.stdout.write(`${USAGE}\n`);
		return 0;
	}
	if (!Object.hasOwn(COMMANDS, command ?? '')) {
		throw new InputError(
			`${command === undefined ? 'a command is required' : `unknown command ${JSON.stringify(command)}`}\n${USAGE}`
		);
	}
	const args = parseOptions({ input: { type: 'string' } }, USAGE, rest);
	if (args.input === undefined) throw new InputError(`--input is required\n${USAGE}`);
	const answer = COMMANDS[command as keyof typeof COMMANDS](readJsonFile(args.input, 'input'));
	process.stdout.write(`${JSON.stringify(answer)}\n`);
	return 0;
}

try {
	process.exitCode = main();
} catch (e) {
	if (e instanceof MalformedCapacityInputError) {
		process.stderr.write(`capacity: malformed input:\n${e.message.replace(/^/gm, '  ')}\n`);
		process.exitCode = 2;
	} else if (e instanceof InputError) {
		process.stderr.write(`capacity: ${e.message}\n`);
		process.exitCode = 2;
	} else {
		process.stderr.write(
			`capacity: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`
		);
		process.exitCode = 1;
	}
}
