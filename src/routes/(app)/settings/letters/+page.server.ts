import { LETTER_PLACEHOLDERS } from '$lib/domain/letterTemplate';
import { db } from '$lib/server/db';
import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { formAction } from '$lib/server/http/answer';
import { readLetterTemplate, updateLetterTemplate } from '$lib/server/letters/template';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	requirePageAccess(locals);
	return { template: await readLetterTemplate(await db()), placeholders: LETTER_PLACEHOLDERS };
}) satisfies PageServerLoad;

const FIELDS = ['trustName', 'trustAddress', 'trustPhone', 'trustEmail', 'body'] as const;

export const actions = {
	default: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const form = await request.formData();
		// line endings as typed in a textarea (CRLF) are kept as plain newlines
		const input = Object.fromEntries(
			FIELDS.map((f) => [f, String(form.get(f) ?? '').replace(/\r\n?/g, '\n')])
		);
		return formAction(async () => {
			await updateLetterTemplate(await db(), user, input);
			return { ok: 'Letter template saved' };
		});
	}
} satisfies Actions;
