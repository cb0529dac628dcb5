/**
 * What the server accepts from outside, in one place (STYLE.md rule 16): ids, text and request
 * bodies. Everything here refuses with a 400 that names the problem; nothing that fails these
 * checks reaches the database, which would otherwise answer with an error (a 500) or, for a
 * body read leniently, do something nobody asked for.
 */
import { z } from 'zod';
import { ID_MAX } from '../contracts/id';
import { describeIssue, WorkflowError } from './records/errors';

export { ID_MAX, isId } from '../contracts/id';

/** An id in a JSON body, a form field or a query value (form and query values arrive as text). */
export const idSchema = z.coerce
	.number()
	.int()
	.min(1, 'not an id: ids are whole numbers from 1')
	.max(ID_MAX, `not an id: ids are at most ${ID_MAX}`);

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

/**
 * The one way endpoints read a JSON body: at most `limit` bytes, well-formed (a truncated body is
 * refused, never read as `{}`), clean text, and, given a schema, the shape it describes. Throws a
 * WorkflowError (400, or 413 when too large) that says what was wrong.
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
	if (text.trim() === '') throw new WorkflowError('The request body is empty: send JSON', 400);
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new WorkflowError('The request body is not valid JSON (is it cut short?)', 400);
	}
	const unsafe = unsafeTextIn(value);
	if (unsafe) throw new WorkflowError(unsafe, 400);
	if (!schema) return value;
	const parsed = schema.safeParse(value);
	if (!parsed.success) throw new WorkflowError(describeIssue(parsed.error), 400);
	return parsed.data;
}

async function readText(request: Request, limit: number): Promise<string> {
	const tooLarge = () => new WorkflowError(`The request body is larger than ${limit} bytes`, 413);
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
		throw new WorkflowError('The request body is not UTF-8 text', 400);
	}
}

/** An id from a form field or other loose input: a 400 naming the field when it is not one. */
export function idField(raw: unknown, field: string): number {
	const parsed = idSchema.safeParse(raw);
	if (!parsed.success)
		throw new WorkflowError(`${field}: not an id: ${String(raw ?? '').slice(0, 40)}`, 400);
	return parsed.data;
}
