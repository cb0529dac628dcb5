import { database } from '$db';
import { DISPLAY_PANELS } from '$db/schema';
import { createDisplay, listDisplays, revokeDisplay } from '$lib/server/displays/access';
import { DISPLAY_PANEL_LABELS } from '$lib/server/displays/panels';
import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { idField } from '$lib/server/input';
import { listSpecialties } from '$lib/server/reference';
import { formObject } from '$lib/server/records/errors';
import { formAction } from '$lib/server/records/http';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	requirePageAccess(locals);
	const { db } = await database();
	const [displays, specialties] = await Promise.all([listDisplays(db), listSpecialties(db)]);
	return {
		displays,
		specialties,
		panels: DISPLAY_PANELS.map((id) => ({ id, label: DISPLAY_PANEL_LABELS[id] }))
	};
}) satisfies PageServerLoad;

export const actions = {
	create: async ({ locals, request, url }) => {
		const user = requireAccess(locals);
		const { panels, specialtyCode, ...rest } = formObject(await request.formData(), ['panels']);
		return formAction(async () => {
			const { display, token } = await createDisplay((await database()).db, user, {
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
			const revoked = await revokeDisplay((await database()).db, user, id);
			return { ok: `${revoked.name} is revoked and has been disconnected` };
		});
	}
} satisfies Actions;
