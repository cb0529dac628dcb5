import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { signIn, throttledMessage, safeNext } from '$lib/server/signIn';
import { readJson } from '$lib/server/input';
import { WorkflowError } from '$lib/server/records/errors';
import type { RequestHandler } from './$types';

const body = z.object({ email: z.string().max(320), password: z.string().max(1024) }).strict();

export const POST: RequestHandler = async (event) => {
	let input: z.infer<typeof body>;
	try {
		input = await readJson(event.request, body);
	} catch (e) {
		if (!(e instanceof WorkflowError)) throw e;
		return json(
			{ error: `Send JSON { "email": string, "password": string } (${e.message})` },
			{ status: e.status }
		);
	}
	const result = await signIn(event, input.email, input.password);
	if (result.kind === 'throttled') {
		return json(
			{
				error: throttledMessage(result.retryAfterSeconds),
				retryAfterSeconds: result.retryAfterSeconds
			},
			{ status: 429, headers: { 'retry-after': String(result.retryAfterSeconds) } }
		);
	}
	if (result.kind === 'wrong') return json({ error: 'Wrong email or password' }, { status: 401 });
	// Where a script should go next: the same rule as the sign-in page's redirect.
	return json({ user: result.user, next: safeNext(event.url.searchParams.get('next')) });
};
