import { json, redirect } from '@sveltejs/kit';
import { endpoint } from '$lib/server/http/answer';
import { signOut } from '$lib/server/signIn';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async ({ cookies, request }) => {
	await signOut(cookies);
	// A plain form post (the sign-out button without JavaScript) goes back to the sign-in page.
	if (request.headers.get('accept')?.includes('text/html')) redirect(303, '/login');
	return json({ ok: true });
});
