/**
 * Shared pieces of the strict parsers for the planning exchange format
 * (shared/spec/planning-problem.md, version 1). The spec says a malformed file is rejected "with a
 * message naming the field", so every issue carries the JSON path of the offending value.
 */
import { z } from 'zod';
import { isIsoDate } from '../rtt';

export interface Issue {
	/** JSON path such as `patients[3].durationMinutes`; empty for the document itself. */
	path: string;
	message: string;
}

/** How many issues a thrown error lists in its message; the full list stays on `issues`. */
const MESSAGE_ISSUES = 20;

export class MalformedInputError extends Error {
	readonly issues: Issue[];

	constructor(what: string, issues: Issue[]) {
		const lines = issues.slice(0, MESSAGE_ISSUES).map(formatIssue);
		if (issues.length > MESSAGE_ISSUES) lines.push(`(and ${issues.length - MESSAGE_ISSUES} more)`);
		super(lines.length === 1 ? lines[0] : lines.join('\n'));
		this.name = `Malformed${what}Error`;
		this.issues = issues;
	}
}

export function formatIssue(issue: Issue): string {
	return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['patients', 3, 'durationMinutes']` → `patients[3].durationMinutes`. */
export function formatPath(path: readonly PropertyKey[]): string {
	let out = '';
	for (const key of path) {
		if (typeof key === 'number') out += `[${key}]`;
		else {
			const name = String(key);
			if (IDENTIFIER.test(name)) out += out === '' ? name : `.${name}`;
			else out += `[${JSON.stringify(name)}]`;
		}
	}
	return out;
}

/** Turns zod issues into path-named messages; an unknown field gets one issue of its own. */
export function zodIssues(error: z.ZodError): Issue[] {
	const out: Issue[] = [];
	for (const issue of error.issues) {
		if (issue.code === 'unrecognized_keys') {
			for (const key of issue.keys) {
				out.push({ path: formatPath([...issue.path, key]), message: 'unknown field' });
			}
		} else {
			out.push({ path: formatPath(issue.path), message: issue.message });
		}
	}
	return out;
}

/** An error map that says "is required" for a missing value and `message` for a wrong one. */
export function says(message: string): (issue: z.core.$ZodRawIssue) => string | undefined {
	return (issue) => {
		if (issue.code === 'unrecognized_keys') return undefined;
		return issue.input === undefined ? 'is required' : message;
	};
}

export const idSchema = z.string({ error: says('must be a string') });

export const isoDateSchema = z
	.string({ error: says('must be an ISO calendar date (YYYY-MM-DD)') })
	.refine(isIsoDate, { error: 'must be an ISO calendar date (YYYY-MM-DD)' });

/** Minute figures other than durations: integers >= 0 (spec, "Minutes and durations"). */
export const minutesSchema = z
	.number({ error: says('must be an integer >= 0') })
	.int({ error: 'must be an integer >= 0' })
	.min(0, { error: 'must be an integer >= 0' });

/** `durationMinutes` > 0. */
export const durationSchema = z
	.number({ error: says('must be an integer > 0') })
	.int({ error: 'must be an integer > 0' })
	.min(1, { error: 'must be an integer > 0' });

/** "All weights are finite numbers >= 0" (zod's number already refuses infinities). */
export const weightSchema = z
	.number({ error: says('must be a finite number >= 0') })
	.min(0, { error: 'must be a finite number >= 0' });

export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
	return z.strictObject(shape, { error: says('must be an object') });
}

export function arrayOf<T extends z.core.SomeType>(item: T) {
	return z.array(item, { error: says('must be an array') });
}
