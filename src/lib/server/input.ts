/**
 * What the server accepts from outside, in one place (STYLE.md rule 16): ids, text and request
 * bodies. Everything here refuses with a 400 that names the problem; nothing that fails these
 * checks reaches the database, which would otherwise answer with an error (a 500) or, for a
 * body read leniently, do something nobody asked for.
 */
import { z } from 'zod';
import { ID_MAX, idFrom } from '../contracts/id';
import { AppError } from './errors';

export { ID_MAX, isId } from '../contracts/id';

/** Why a value is not an id, quoting (the start of) what was sent. */
const notAnId = (raw: unknown) =>
	`not an id: ${JSON.stringify(raw)?.slice(0, 40) ?? String(raw)} (ids are whole numbers from 1 to ${ID_MAX}, written as plain digits)`;

/**
 * An id in a JSON body, a form field or a query value (form and query values arrive as text):
 * the same rule as the `[id=id]` path matcher (`idFrom`), so "1e3", "01", "1.0" and " 1" are
 * refused everywhere.
 */
export const idSchema = z.unknown().transform((raw, ctx): number => {
	const id = idFrom(raw);
	if (id === null) {
		ctx.addIssue({ code: 'custom', message: notAnId(raw) });
		return z.NEVER;
	}
	return id;
});

/** A JSON number, or a query or form value of plain digits as a number; anything else NaN. */
const numberFrom = (raw: unknown): number =>
	typeof raw === 'number'
		? raw
		: typeof raw === 'string' && /^\d{1,9}$/.test(raw)
			? Number(raw)
			: NaN;

/** What was sent, quoted briefly, for a refusal. */
const quoted = (raw: unknown) => JSON.stringify(raw)?.slice(0, 20) ?? String(raw);

/**
 * A whole number in a query or form value (plain digits, as a person types one) or a JSON number,
 * from `min` to `max`. `z.coerce.number()` would read "1e3" as 1000, "0x10" as 16 and " 12" as
 * 12; like ids, such values are refused with the range they must be in.
 */
export function wholeNumber(min: number, max: number) {
	return z.unknown().transform((raw, ctx): number => {
		const n = numberFrom(raw);
		if (!Number.isInteger(n) || n < min || n > max) {
			ctx.addIssue({
				code: 'custom',
				message: `must be a whole number from ${min} to ${max}, written in digits (not ${quoted(raw)})`
			});
			return z.NEVER;
		}
		return n;
	});
}

/**
 * One of a short list of whole numbers (a menu's choices), in a query or form value or as a JSON
 * number; anything else is refused listing the choices, so the caller can see what to send.
 */
export function oneOf(choices: readonly number[]) {
	return z.unknown().transform((raw, ctx): number => {
		const n = numberFrom(raw);
		if (!choices.includes(n)) {
			ctx.addIssue({
				code: 'custom',
				message: `must be one of ${choices.join(', ')} (not ${quoted(raw)})`
			});
			return z.NEVER;
		}
		return n;
	});
}

/**
 * The first problem zod found, in one sentence naming where: "urgency: Invalid option: …",
 * "ids.0: not an id: …", or "unknown field: x". Query strings are flat, so a filter is named by
 * its parameter ("specialty: …", "unknown filter: colour").
 */
export function describeIssue(error: z.ZodError, of: 'field' | 'filter' = 'field'): string {
	const issue = error.issues[0];
	if (issue.code === 'unrecognized_keys') return `unknown ${of}: ${issue.keys.join(', ')}`;
	const where = of === 'filter' ? String(issue.path[0] ?? '') : issue.path.join('.');
	return where ? `${where}: ${issue.message}` : issue.message;
}

/** Parses input or throws a 400 naming the field. */
export function parseInput<T extends z.ZodType>(
	schema: T,
	input: unknown,
	of: 'field' | 'filter' = 'field'
): z.infer<T> {
	const result = schema.safeParse(input);
	if (!result.success) throw new AppError('invalid', describeIssue(result.error, of));
	return result.data;
}

/** A query string as a plain object, leaving out empty values (an unset filter). */
export function nonEmptyParams(params: URLSearchParams): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of params) if (value !== '') out[key] = value;
	return out;
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

/**
 * NUL (PostgreSQL text cannot hold it) and lone UTF-16 surrogates (they are not text, and
 * drivers mangle them differently).
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSAFE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** JSON nested deeper than this is not something any form of ours sends. */
const MAX_DEPTH = 32;

/**
 * The first string (value or key) in `value` that holds NUL or a lone surrogate, named by its
 * path ("notes.2.text"), or null when all text is clean. Also refuses nesting beyond MAX_DEPTH.
 */
export function unsafeTextIn(value: unknown, where = ''): string | null {
	const stack: { value: unknown; where: string; depth: number }[] = [{ value, where, depth: 0 }];
	while (stack.length > 0) {
		const item = stack.pop()!;
		const name = item.where || 'the input';
		if (typeof item.value === 'string') {
			if (UNSAFE_TEXT.test(item.value))
				return `${name}: text may not contain NUL or unpaired surrogate characters`;
		} else if (item.value !== null && typeof item.value === 'object') {
			if (item.depth >= MAX_DEPTH) return `${name}: nested more than ${MAX_DEPTH} levels deep`;
			for (const [key, child] of Object.entries(item.value)) {
				const childWhere = item.where ? `${item.where}.${key}` : key;
				if (UNSAFE_TEXT.test(key))
					return `${name}: a field name holds NUL or unpaired surrogate characters`;
				stack.push({ value: child, where: childWhere, depth: item.depth + 1 });
			}
		}
	}
	return null;
}

/** Bodies of the JSON API are small: a summary, a settings object, a list of ids. */
export const JSON_BODY_LIMIT = 256 * 1024;

/** Any body but a file: forms, and the few JSON bodies allowed more than JSON_BODY_LIMIT. */
export const FORM_BODY_LIMIT = 10 * 1024 * 1024;

/**
 * A file sent whole as a request body (a PTL extract: 100,000 rows are about 15 MB as CSV). Also
 * the server's own cap on every body (adapter-node's BODY_SIZE_LIMIT, set by server/index.ts).
 */
export const FILE_BODY_LIMIT = 512 * 1024 * 1024;

/**
 * The one way endpoints read a JSON body: at most `limit` bytes, well-formed (a truncated body is
 * refused, never read as `{}`), clean text, and, given a schema, the shape it describes. Throws an
 * AppError ('invalid', or 'too-large') that says what was wrong.
 */
export async function readJson(
	request: Request,
	schema?: undefined,
	limit?: number
): Promise<unknown>;
export async function readJson<T extends z.ZodType>(
	request: Request,
	schema: T,
	limit?: number
): Promise<z.infer<T>>;
export async function readJson(
	request: Request,
	schema?: z.ZodType,
	limit = JSON_BODY_LIMIT
): Promise<unknown> {
	const text = await readText(request, limit);
	if (text.trim() === '') throw new AppError('invalid', 'The request body is empty: send JSON');
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new AppError('invalid', 'The request body is not valid JSON (is it cut short?)');
	}
	const unsafe = unsafeTextIn(value);
	if (unsafe) throw new AppError('invalid', unsafe);
	if (!schema) return value;
	return parseInput(schema, value);
}

async function readText(request: Request, limit: number): Promise<string> {
	const tooLarge = () =>
		new AppError('too-large', `The request body is larger than ${limit} bytes`);
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > limit) throw tooLarge();
	if (!request.body) return '';
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = request.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel();
			throw tooLarge();
		}
		chunks.push(value);
	}
	const bytes = Buffer.concat(chunks);
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new AppError('invalid', 'The request body is not UTF-8 text');
	}
}

/** An id from a form field or other loose input: a 400 naming the field when it is not one. */
export function idField(raw: unknown, field: string): number {
	const id = idFrom(raw);
	if (id === null) throw new AppError('invalid', `${field}: ${notAnId(raw ?? '')}`);
	return id;
}

/**
 * A path id as a number. Routes match it with `[id=id]`, so anything else is already a 404; this
 * says so again for a caller that was not matched (a test, a route without the matcher).
 */
export function idParam(raw: string, what: string): number {
	const id = idFrom(raw);
	if (id === null) throw new AppError('not-found', `No ${what} ${raw.slice(0, 20)}`);
	return id;
}
