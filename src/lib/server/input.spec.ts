import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './errors';
import { ID_MAX, idSchema, isId, readJson, unsafeTextIn, wholeNumber } from './input';

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
	new Request('http://localhost/x', { method: 'POST', body, headers });

async function refusal(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (e) {
		if (e instanceof AppError) return { status: e.status, message: e.message };
		throw e;
	}
	throw new Error('expected a refusal');
}

describe('isId and idSchema', () => {
	it('accept 1..2^31-1 written plainly', () => {
		for (const ok of ['1', '42', String(ID_MAX)]) expect(isId(ok)).toBe(true);
		expect(idSchema.parse('7')).toBe(7);
		expect(idSchema.parse(ID_MAX)).toBe(ID_MAX);
	});
	it('refuse everything else', () => {
		for (const bad of [
			'',
			'0',
			'-1',
			'01',
			'1.0',
			'1e3',
			' 1',
			'1 ',
			'0x1',
			String(ID_MAX + 1),
			'999999999999',
			'١٢'
		]) {
			expect(isId(bad), bad).toBe(false);
		}
		for (const bad of [
			0,
			-1,
			1.5,
			ID_MAX + 1,
			1e300,
			Number.NaN,
			'999999999999',
			'x',
			'1e3',
			'01',
			'1.0',
			' 1',
			'-1',
			null,
			true
		]) {
			expect(idSchema.safeParse(bad).success, String(bad)).toBe(false);
		}
	});
});

describe('unsafeTextIn', () => {
	it('finds NUL and lone surrogates in values and keys, naming where', () => {
		expect(unsafeTextIn({ a: ['ok', 'no\u0000'] })).toMatch(/^a\.1: /);
		expect(unsafeTextIn({ note: 'x\ud800' })).toMatch(/^note: /);
		expect(unsafeTextIn({ note: '\udc00x' })).toMatch(/^note: /);
		expect(unsafeTextIn({ 'k\u0000': 1 })).toMatch(/field name/);
		expect(unsafeTextIn('\u0000', 'q')).toMatch(/^q: /);
	});
	it('passes clean text, including paired surrogates (emoji)', () => {
		expect(unsafeTextIn({ note: 'Dr Ō’Brien 😀', n: 1, list: [null, true] })).toBeNull();
	});
	it('refuses deep nesting without recursing', () => {
		const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
		expect(unsafeTextIn(deep)).toMatch(/nested more than/);
	});
});

describe('readJson', () => {
	const schema = z.object({ ids: z.array(idSchema) }).strict();

	it('reads a well-formed body into the schema', async () => {
		expect(await readJson(post('{"ids":[1,2]}'), schema)).toEqual({ ids: [1, 2] });
	});
	it.each([
		['truncated', '{"ids":[765]', /not valid JSON/],
		['empty', '', /empty/],
		['blank', '  \n', /empty/],
		['not JSON', 'ids=1', /not valid JSON/],
		['wrong shape', '{"ids":"all"}', /^ids: /],
		['an unknown field', '{"ids":[],"all":true}', /unknown field: all/],
		['an id out of range', '{"ids":[99999999999]}', /^ids\.0: not an id/],
		['a NUL byte', '{"ids":[],"x":"\\u0000"}', /NUL/],
		['a lone surrogate', '{"x":"\\ud83d"}', /surrogate/]
	])('refuses a %s body with a 400 naming the problem', async (_, body, message) => {
		expect(await refusal(readJson(post(body), schema))).toMatchObject({
			status: 400,
			message: expect.stringMatching(message)
		});
	});
	it('refuses bytes that are not UTF-8', async () => {
		expect(await refusal(readJson(post(new Uint8Array([0x7b, 0xff, 0x7d]))))).toMatchObject({
			status: 400
		});
	});
	it('refuses a body over the limit, declared or streamed, with a 413', async () => {
		expect(await refusal(readJson(post('"' + 'x'.repeat(100) + '"'), undefined, 50))).toMatchObject(
			{ status: 413 }
		);
		const stream = new ReadableStream<Uint8Array>({
			start(c) {
				for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('xxxxxxxxxx'));
				c.close();
			}
		});
		const chunked = new Request('http://localhost/x', {
			method: 'POST',
			body: stream,
			duplex: 'half'
		} as RequestInit);
		expect(await refusal(readJson(chunked, undefined, 50))).toMatchObject({ status: 413 });
	});
});

describe('wholeNumber', () => {
	const page = wholeNumber(1, 500);
	it('takes plain digits and JSON numbers in range', () => {
		expect(page.parse('12')).toBe(12);
		expect(page.parse(500)).toBe(500);
	});
	it.each(['1e3', '0x10', ' 12', '12.0', '-1', '0', '501', '', 12.5, null])(
		'refuses %j, saying what it must be',
		(raw) => {
			const result = page.safeParse(raw);
			expect(result.success).toBe(false);
			expect(result.error?.issues[0].message).toMatch(/^must be a whole number from 1 to 500/);
		}
	);
});
