import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { readJson } from '$lib/server/input';
import { WorkflowError } from '$lib/server/records/errors';
import { safeNext, signIn } from '$lib/server/signIn';
import type { RequestHandler } from './$types';

const body = z.object({ email: z.string().max(320), password: z.string().max(1024) }).strict();

export const POST: RequestHandler = async ({ request, cookies, url }) => {
	let input: z.infer<typeof body>;
	try {
		input = await readJson(request, body);
	} catch (e) {
		if (!(e instanceof WorkflowError)) throw e;
		return json(
			{ error: `Send JSON { "email": string, "password": string } (${e.message})` },
			{ status: e.status }
		);
	}
	const user = await signIn(cookies, url, input.email, input.password);
	if (!user) return json({ error: 'Wrong email or password' }, { status: 401 });
	// Where a script should go next: the same rule as the sign-in page's redirect.
	return json({ user, next: safeNext(url.searchParams.get('next')) });
};
