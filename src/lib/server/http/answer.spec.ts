import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { endpoint, formAction } from './answer';

const routes = join(import.meta.dirname, '../../../routes');
const endpointFiles = (readdirSync(routes, { recursive: true }) as string[])
	.filter((f) => f.endsWith('+server.ts'))
	.map((f) => join(routes, f));

describe('the one mapping of refusals to answers', () => {
	it('answers an AppError as { message, ...details } with its status and headers', async () => {
		const res = await endpoint(() => {
			throw new AppError('throttled', 'Wait', {
				details: { retryAfterSeconds: 5 },
				headers: { 'retry-after': '5' }
			});
		})({} as never);
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBe('5');
		expect(await res.json()).toEqual({ message: 'Wait', retryAfterSeconds: 5 });
	});

	it('fails a form action with { message }', async () => {
		const failed = await formAction(async () => {
			throw new AppError('conflict', 'Taken');
		});
		expect(failed).toMatchObject({ status: 409, data: { message: 'Taken' } });
	});

	it('leaves anything else to handleError', async () => {
		await expect(
			endpoint(() => {
				throw new Error('boom');
			})({} as never)
		).rejects.toThrow('boom');
	});

	it.each(endpointFiles)('every handler in %s goes through endpoint()', (file) => {
		const handlers = [
			...readFileSync(file, 'utf8').matchAll(
				/export const (GET|POST|PUT|PATCH|DELETE)\b[^=]*=(.*)/g
			)
		];
		expect(handlers.length).toBeGreaterThan(0);
		for (const [, method, rest] of handlers) expect(rest.trim(), method).toMatch(/^endpoint\(/);
	});
});
