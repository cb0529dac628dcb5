/**
 * What the optimise and plan:check commands share: argument errors and reading JSON files, each
 * failure with a message that says which file and what is wrong (shared/spec: exit 2 for
 * malformed input).
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A failure the commands report as malformed input or bad usage: exit code 2. */
export class InputError extends Error {}

/**
 * The command's options, parsed strictly (no positionals, no unknown options); a misuse ends with
 * the usage. `args` defaults to the process's own (after a subcommand, pass the rest).
 */
export function parseOptions<const T extends NonNullable<ParseArgsConfig['options']>>(
	options: T,
	usage: string,
	args?: string[]
) {
	try {
		return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
	} catch (e) {
		throw new InputError(`${(e as Error).message}\n${usage}`);
	}
}

export function readJsonFile(path: string, what: string): unknown {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (e) {
		throw new InputError(`cannot read the ${what} file ${path}: ${(e as Error).message}`);
	}
	try {
		return JSON.parse(text) as unknown;
	} catch (e) {
		throw new InputError(`the ${what} file ${path} is not valid JSON: ${(e as Error).message}`);
	}
}

/** A finite number >= 0 from a command-line option. */
export function numberOption(
	value: string | undefined,
	name: string,
	fallback: number,
	integer = false
): number {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
		throw new InputError(
			`--${name} must be ${integer ? 'an integer' : 'a number'} >= 0, not ${JSON.stringify(value)}`
		);
	}
	return n;
}
