import { redirect } from '@sveltejs/kit';
import { MIN_PASSWORD_LENGTH } from '$lib/domain/account';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { formAction, pageLoad } from '$lib/server/http/answer';
import { setPasswordLinkOwner, setPasswordWithLink } from '$lib/server/setPasswordLinks';
import type { Actions, PageServerLoad } from './$types';

/** A link that does not work (spent, expired, never made) is a 404, whoever asks. */
export const load = pageLoad(async ({ params }) => ({
	owner: await setPasswordLinkOwner(await db(), params.token),
	minLength: MIN_PASSWORD_LENGTH
})) satisfies PageServerLoad;

export const actions = {
	default: async ({ params, request }) => {
		const form = await request.formData();
		const password = String(form.get('password') ?? '');
		const result = await formAction(async () => {
			if (password !== String(form.get('confirm') ?? '')) {
				throw new AppError('invalid', 'The two passwords differ: type the same one twice');
			}
			return await setPasswordWithLink(await db(), params.token, password);
		});
		if ('email' in result) redirect(303, '/login');
		return result;
	}
} satisfies Actions;
