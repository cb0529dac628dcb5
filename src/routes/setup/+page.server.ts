import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { createFirstAdmin, needsSetup } from '$lib/server/setup';
import { signIn } from '$lib/server/signIn';
import type { Actions, PageServerLoad } from './$types';

/** The page exists only while the instance has no administrator. */
async function open(): Promise<void> {
	if (!(await needsSetup(await db()))) error(404, 'Not found');
}

export const load = (async () => {
	await open();
	return {};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		await open();
		const form = await event.request.formData();
		const field = (name: string) => String(form.get(name) ?? '').slice(0, 200);
		const name = field('name').trim();
		const email = field('email').trim();
		const password = String(form.get('password') ?? '').slice(0, 1000);
		try {
			await createFirstAdmin(await db(), { code: field('code'), name, email, password });
		} catch (e) {
			if (e instanceof AppError) return fail(e.status, { name, email, message: e.message });
			throw e;
		}
		await signIn(event, email, password);
		redirect(303, '/admin/setup');
	}
} satisfies Actions;
