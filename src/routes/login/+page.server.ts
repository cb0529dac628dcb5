import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { needsSetup } from '$lib/server/setup';
import { safeNext, signIn, throttledMessage } from '$lib/server/signIn';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	// a new instance: nobody can sign in until the first administrator is made on /setup
	return { needsSetup: await needsSetup(await db()) };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { request, url } = event;
		const form = await request.formData();
		const email = String(form.get('email') ?? '').trim();
		const password = String(form.get('password') ?? '');
		if (!email || !password) return fail(400, { email, message: 'Enter your email and password' });
		const result = await signIn(event, email, password);
		if (result.kind === 'throttled') {
			event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return fail(429, { email, message: throttledMessage(result.retryAfterSeconds) });
		}
		if (result.kind === 'wrong') return fail(401, { email, message: 'Wrong email or password' });
		redirect(303, safeNext(url.searchParams.get('next')));
	}
} satisfies Actions;
