import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { capacityPlanner, parsePlannerQuery, plannerSearch } from '$lib/server/capacityPlanner';
import {
	deleteScenario,
	listScenarios,
	openScenario,
	saveScenario
} from '$lib/server/capacityScenarios';
import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { formAction, pageLoad } from '$lib/server/http/answer';
import { idField } from '$lib/server/input';
import { nationalProviders } from '$lib/server/nationalRtt';
import { listSpecialties } from '$lib/server/reference';
import { trustDay } from '$lib/server/trustCalendar';
import type { Actions, PageServerLoad } from './$types';

export const load = pageLoad(async ({ locals, url }) => {
	const user = requirePageAccess(locals);
	const handle = await db();
	const day = await trustDay(handle);
	// `?saved=<id>` is a saved scenario's shared link: its question, whatever else the link says
	const savedId = url.searchParams.get('saved');
	const opened =
		savedId === null ? null : await openScenario(handle, idField(savedId, 'saved'), day.monday);
	const query = opened?.query ?? parsePlannerQuery(url.searchParams, day.monday);
	const [planner, specialties, saved, providers] = await Promise.all([
		capacityPlanner(handle, query, day),
		listSpecialties(handle),
		listScenarios(handle),
		nationalProviders(handle)
	]);
	return {
		planner,
		specialties,
		providers,
		monday: day.monday,
		/** The question shown, as its link's query: what saving saves. */
		search: plannerSearch(query).toString(),
		opened: opened && {
			id: opened.scenario.id,
			name: opened.scenario.name,
			ownerName: opened.scenario.ownerName
		},
		saved: saved.map((s) => ({
			id: s.id,
			name: s.name,
			ownerName: s.ownerName,
			mine: s.ownerId === user.id,
			createdAt: s.createdAt.toISOString(),
			by: new URLSearchParams(s.search).get('by')
		}))
	};
}) satisfies PageServerLoad;

export const actions = {
	save: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const form = await request.formData();
		// answers by going to the saved scenario's link, or with the refusal
		return formAction<{ ok: string }>(async () => {
			const handle = await db();
			const { monday } = await trustDay(handle);
			const saved = await saveScenario(
				handle,
				user,
				{ name: form.get('name') ?? undefined, search: form.get('search') ?? undefined },
				monday
			);
			// the saved scenario's own link, the one to share
			redirect(303, `/planning/capacity?saved=${saved.id}`);
		});
	},
	delete: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const raw = (await request.formData()).get('scenarioId');
		return formAction(async () => {
			const deleted = await deleteScenario(await db(), user, idField(raw, 'scenarioId'));
			return { ok: `"${deleted.name}" is deleted` };
		});
	}
} satisfies Actions;
