import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { signIn, throttledMessage } from '$lib/server/signIn';
import type { RequestHandler } from './$types';

const body = z.object({ email: z.string().max(320), password: z.string().max(1024) }).strict();

export const POST: RequestHandler = async (event) => {
	let input: z.infer<typeof body>;
	try {
		input = body.parse(await event.request.json());
	} catch {
		return json({ error: 'Send JSON { "email": string, "password": string }' }, { status: 400 });
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
	return json({ user: result.user });
};
