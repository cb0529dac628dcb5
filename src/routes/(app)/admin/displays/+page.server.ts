import { createDisplay, listDisplays, revokeDisplay } from '$lib/server/displays/access';
import { DISPLAY_PANEL_CHOICES } from '$lib/server/displays/panels';
import { db } from '$lib/server/db';
import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { formAction } from '$lib/server/http/answer';
import { formObject, idField } from '$lib/server/input';
import { listSpecialties } from '$lib/server/reference';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	requirePageAccess(locals);
	const handle = await db();
	const [displays, specialties] = await Promise.all([
		listDisplays(handle),
		listSpecialties(handle)
	]);
	return {
		displays,
		specialties,
		panels: DISPLAY_PANEL_CHOICES
	};
}) satisfies PageServerLoad;

export const actions = {
	create: async ({ locals, request, url }) => {
		const user = requireAccess(locals);
		const { panels, specialtyCode, ...rest } = formObject(await request.formData(), ['panels']);
		return formAction(async () => {
			const { display, token } = await createDisplay(await db(), user, {
				...rest,
				panels: panels ?? [],
				specialtyCode: specialtyCode ?? null
			});
			// Shown once, in this answer only: the database keeps just the token's hash.
			const link = new URL(`/display/${display.id}`, url.origin);
			link.searchParams.set('token', token);
			return { created: { id: display.id, name: display.name, link: link.href } };
		});
	},
	revoke: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const raw = (await request.formData()).get('displayId');
		return formAction(async () => {
			const id = idField(raw, 'displayId');
			const revoked = await revokeDisplay(await db(), user, id);
			return { ok: `${revoked.name} is revoked and has been disconnected` };
		});
	}
} satisfies Actions;
