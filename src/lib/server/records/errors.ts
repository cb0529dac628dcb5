import type { z } from 'zod';

/**
 * An expected refusal from the records workflow: bad input (400), nothing there (404) or a state
 * that does not allow it (409). The message is shown to the person as it is.
 */
export class WorkflowError extends Error {
	constructor(
		message: string,
		readonly status: 400 | 403 | 404 | 409 | 413 = 409
	) {
		super(message);
	}
}

/** The first problem zod found, naming the field: "urgency: Invalid option: …". */
export function describeIssue(error: z.ZodError): string {
	const issue = error.issues[0];
	if (issue.code === 'unrecognized_keys') return `unknown field: ${issue.keys.join(', ')}`;
	const field = issue.path.join('.');
	return field ? `${field}: ${issue.message}` : issue.message;
}

/** Parses input or throws a 400 WorkflowError naming the field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
	const result = schema.safeParse(input);
	if (!result.success) throw new WorkflowError(describeIssue(result.error), 400);
	return result.data;
}

/** Form fields as a plain object: empty strings become absent, repeated names become arrays. */
export function formObject(
	form: FormData,
	arrays: readonly string[] = []
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of form) {
		if (typeof value !== 'string') continue;
		if (arrays.includes(key)) {
			((out[key] ??= []) as string[]).push(value);
		} else if (value.trim() !== '') {
			out[key] = value;
		}
	}
	return out;
}
