/**
 * The command-line options of the optimise and plan:check commands, parsed strictly (no
 * positionals, no unknown options); a misuse is an InputError (exit 2) that ends with the usage.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../src/lib/optimiser/cli';

export function parseOptions<const T extends NonNullable<ParseArgsConfig['options']>>(
	options: T,
	usage: string
) {
	try {
		return parseArgs({ options, strict: true, allowPositionals: false }).values;
	} catch (e) {
		throw new InputError(`${(e as Error).message}\n${usage}`);
	}
}
