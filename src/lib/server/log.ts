/**
 * How the server logs a failure: what failed, where, and the error's class and code, never its
 * message. Database errors carry the query's parameters (drizzle's "Failed query: … params: …",
 * postgres's `.parameters`, "invalid input syntax: "<value>"") and those hold what staff typed,
 * patient names included; a log line must not. The request id ties the line to what the user saw.
 */

export interface FailureContext {
	requestId?: string;
	method?: string;
	route?: string | null;
	status?: number;
	[key: string]: string | number | null | undefined;
}

interface ErrorSummary {
	error: string;
	code?: string;
	cause?: ErrorSummary;
	/** Stack frames only (file and line), without the first line, which holds the message. */
	at?: string[];
}

const CODE = /^[A-Z0-9_]{1,40}$/i;

/** The class and code of an error and of its causes: enough to find it, nothing it was given. */
export function summariseError(err: unknown, depth = 0): ErrorSummary {
	if (!(err instanceof Error)) return { error: typeof err };
	const summary: ErrorSummary = { error: err.constructor?.name || 'Error' };
	const code = (err as { code?: unknown }).code;
	if (typeof code === 'string' && CODE.test(code)) summary.code = code;
	if (depth === 0 && err.stack) {
		summary.at = err.stack
			.split('\n')
			.filter((line) => /^\s+at /.test(line))
			.slice(0, 6)
			.map((line) => line.trim());
	}
	if (err.cause !== undefined && depth < 3) summary.cause = summariseError(err.cause, depth + 1);
	return summary;
}

/** Logs one failure as a single JSON line. */
export function logFailure(what: string, context: FailureContext, err: unknown): void {
	console.error(`[waitwise] ${what}`, JSON.stringify({ ...context, ...summariseError(err) }));
}
