import { endpointEntry, mayUse } from '$lib/access';
import { db } from '$lib/server/db';
import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { formAction } from '$lib/server/http/answer';
import { idField } from '$lib/server/input';
import { ptlPage, ptlViewSearch, WAIT_BANDS } from '$lib/server/ptl';
import { deleteView, listViews, saveView } from '$lib/server/ptlViews';
import { listSites, listSpecialties } from '$lib/server/reference';
import { trustToday } from '$lib/server/trustCalendar';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const user = requirePageAccess(locals);
	const canChangeBookings = mayUse(endpointEntry('/api/bookings/[id=id]/move', 'POST')!, user.role);
	const canBook = mayUse(endpointEntry('/api/pathways/[id=id]/book', 'POST')!, user.role);
	// a saved view posted without JavaScript renders at its action's URL (`?…&/saveView`): the
	// action's key is no filter
	const query = new URLSearchParams([...url.searchParams].filter(([key]) => !key.startsWith('/')));
	const handle = await db();
	const [specialties, sites, found, views] = await Promise.all([
		listSpecialties(handle),
		listSites(handle),
		ptlPage(handle, query, await trustToday(handle)),
		listViews(handle, user)
	]);
	const bands = Object.entries(WAIT_BANDS).map(([value, b]) => ({ value, label: b.label }));
	const shownView = found.filterError === null ? ptlViewSearch(query) : null;
	return {
		specialties,
		sites,
		bands,
		canChangeBookings,
		canBook,
		/** The list's query, as the view forms post it back. */
		query: query.toString(),
		views: views.map((v) => ({
			id: v.id,
			name: v.name,
			search: v.search,
			shown: v.search === shownView
		})),
		...found
	};
}) satisfies PageServerLoad;

export const actions = {
	saveView: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const form = await request.formData();
		return formAction<{ ok: string }>(async () => {
			const saved = await saveView(await db(), user, {
				name: form.get('name') ?? undefined,
				search: form.get('search') ?? undefined
			});
			return { ok: `"${saved.name}" is saved` };
		});
	},
	deleteView: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const raw = (await request.formData()).get('viewId');
		return formAction<{ ok: string }>(async () => {
			const deleted = await deleteView(await db(), user, idField(raw, 'viewId'));
			return { ok: `"${deleted.name}" is deleted` };
		});
	}
} satisfies Actions;
