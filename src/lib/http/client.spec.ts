import { afterEach, describe, expect, it, vi } from 'vitest';
import { callJson } from './client';

const answer = (body: string, status: number, type = 'application/json') =>
	vi.fn(async () => new Response(body, { status, headers: { 'content-type': type } }));

afterEach(() => vi.unstubAllGlobals());

describe('callJson', () => {
	it('gives the data of a good answer, and POSTs a body as JSON', async () => {
		const fetch = answer('{"booked":[1,2]}', 200);
		vi.stubGlobal('fetch', fetch);
		expect(await callJson('/api/x', { a: 1 })).toEqual({ ok: true, data: { booked: [1, 2] } });
		expect(fetch).toHaveBeenCalledWith('/api/x', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"a":1}'
		});
	});

	it("gives the server's reason, with the reference to quote for the unexpected", async () => {
		vi.stubGlobal('fetch', answer('{"message":"Session 4 is full"}', 409));
		expect(await callJson('/api/x')).toEqual({
			ok: false,
			error: 'Session 4 is full',
			reached: true
		});
		vi.stubGlobal('fetch', answer('{"message":"Something went wrong","errorId":"ab12"}', 500));
		expect(await callJson('/api/x')).toEqual({
			ok: false,
			error: 'Something went wrong (reference ab12)',
			reached: true
		});
	});

	it("says what happened when the answer is a proxy's HTML page, or there is none", async () => {
		vi.stubGlobal('fetch', answer('<html>Bad gateway</html>', 502, 'text/html'));
		expect(await callJson('/api/x')).toEqual({
			ok: false,
			error: 'The server answered 502',
			reached: true
		});
		vi.stubGlobal(
			'fetch',
			vi.fn(async () => {
				throw new TypeError('Failed to fetch');
			})
		);
		expect(await callJson('/api/x')).toEqual({
			ok: false,
			error: 'Could not reach the server. Check the connection and try again.',
			reached: false
		});
	});
});
