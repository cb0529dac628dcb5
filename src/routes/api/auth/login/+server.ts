import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { AppError } from '$lib/server/errors';
import { endpoint } from '$lib/server/http/answer';
import { signIn, throttledMessage, safeNext } from '$lib/server/signIn';
import { readJson } from '$lib/server/input';
import type { RequestHandler } from './$types';

const body = z.object({ email: z.string().max(320), password: z.string().max(1024) }).strict();

export const POST: RequestHandler = endpoint(async (event) => {
	const input = await readJson(event.request, body).catch((e: unknown) => {
		if (!(e instanceof AppError)) throw e;
		throw new AppError(e.kind, `Send JSON { "email": string, "password": string } (${e.message})`);
	});
	const result = await signIn(event, input.email, input.password);
	if (result.kind === 'throttled') {
		const retryAfterSeconds = result.retryAfterSeconds;
		throw new AppError('throttled', throttledMessage(retryAfterSeconds), {
			details: { retryAfterSeconds },
			headers: { 'retry-after': String(retryAfterSeconds) }
		});
	}
	if (result.kind === 'wrong') throw new AppError('unauthenticated', 'Wrong email or password');
	// Where a script should go next: the same rule as the sign-in page's redirect.
	return json({ user: result.user, next: safeNext(event.url.searchParams.get('next')) });
});
