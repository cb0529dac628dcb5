/**
 * The one error type for expected refusals (STYLE.md rule 15): bad input, nothing there, not
 * allowed, a state that does not allow it, or a part of the system that is not there right now.
 * Library code throws it; `http/answer.ts` turns it into an answer in one place (JSON
 * `{ message, ...details }`, a form's `fail(status, { message, ...details })`, or a page's
 * `error(status, message)`), and anything else is unexpected and reaches `handleError`.
 *
 * The message is shown to the person as it is, so it names the problem in their words. Domain
 * code (src/lib/domain) has its own errors and never imports this; the server maps them where it
 * calls the domain.
 */
export type ErrorKind =
	| 'invalid'
	| 'unauthenticated'
	| 'forbidden'
	| 'not-found'
	| 'conflict'
	| 'too-large'
	| 'throttled'
	| 'unavailable';

/** The HTTP status of each kind: the only table of it. */
export const STATUS_OF: Record<ErrorKind, number> = {
	invalid: 400,
	unauthenticated: 401,
	forbidden: 403,
	'not-found': 404,
	conflict: 409,
	'too-large': 413,
	throttled: 429,
	unavailable: 503
};

/** Fields an answer may carry besides `message` (never `message` itself). */
export type ErrorDetails = Record<string, unknown> & { message?: never };

export class AppError extends Error {
	readonly details: ErrorDetails;
	/** Headers the answer carries (`Retry-After`, `Allow`). */
	readonly headers: Record<string, string>;

	constructor(
		readonly kind: ErrorKind,
		message: string,
		options: { details?: ErrorDetails; headers?: Record<string, string>; cause?: unknown } = {}
	) {
		super(message, options.cause === undefined ? undefined : { cause: options.cause });
		this.name = 'AppError';
		this.details = options.details ?? {};
		this.headers = options.headers ?? {};
	}

	get status(): number {
		return STATUS_OF[this.kind];
	}

	/** What every JSON error answer and every failed form holds. */
	body(): { message: string } & Record<string, unknown> {
		return { ...this.details, message: this.message };
	}
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
