import { redirect } from '@sveltejs/kit';
import { endSessionOf, endSessionsOf, sessionsOf } from '$lib/server/accounts';
import { SESSION_COOKIE } from '$lib/server/auth';
import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { db } from '$lib/server/db';
import { formAction } from '$lib/server/http/answer';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	const user = requirePageAccess(locals);
	return { sessions: await sessionsOf(await db(), user.id), current: locals.sessionId };
}) satisfies PageServerLoad;

export const actions = {
	end: async ({ locals, request, cookies }) => {
		const user = requireAccess(locals);
		const sessionId = String((await request.formData()).get('sessionId') ?? '');
		const result = await formAction(async () => {
			await endSessionOf(await db(), user, user.id, sessionId);
			return { ok: 'That session is signed out' };
		});
		if (sessionId === locals.sessionId) {
			cookies.delete(SESSION_COOKIE, { path: '/' });
			redirect(303, '/login');
		}
		return result;
	},
	/** Everywhere but here: the usual answer to "I left myself signed in on the ward PC". */
	others: async ({ locals }) => {
		const user = requireAccess(locals);
		const n = await endSessionsOf(await db(), user, user.id, locals.sessionId);
		return { ok: `${n} other ${n === 1 ? 'session' : 'sessions'} signed out` };
	},
	everywhere: async ({ locals, cookies }) => {
		const user = requireAccess(locals);
		await endSessionsOf(await db(), user, user.id);
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/login');
	}
} satisfies Actions;
