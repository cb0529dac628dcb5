import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { db } from '$lib/server/db';
import { formAction } from '$lib/server/http/answer';
import { formObject } from '$lib/server/input';
import { reassignWork, ROLES_FOR, teamView } from '$lib/server/records/team';
import { ROLE_LABELS } from '$lib/server/roles';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	requirePageAccess(locals);
	return {
		team: await teamView(await db()),
		rolesFor: ROLES_FOR,
		roleLabels: ROLE_LABELS
	};
}) satisfies PageServerLoad;

export const actions = {
	reassign: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const input = formObject(await request.formData(), ['ids']);
		return formAction(async () => {
			const changed = await reassignWork(await db(), user, input);
			return {
				ok:
					changed === 0
						? 'Nothing changed: it was already theirs'
						: `Reassigned ${changed} ${changed === 1 ? 'item' : 'items'}`
			};
		});
	}
} satisfies Actions;
