import { error } from '@sveltejs/kit';
import { database } from '$db';
import { seesPatientData } from '$lib/access';
import { trustToday } from '$lib/server/trustCalendar';
import { requirePageAccess } from '$lib/server/guard';
import { boardAccess, boardView, loadBoardReference } from '$lib/server/planner/boards';
import { boardIdParam } from '$lib/server/planner/http';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
	const user = requirePageAccess(locals);
	const { db } = await database();
	const reference = await loadBoardReference(db, boardIdParam(params.id), await trustToday(db));
	if (!reference) error(404, `No board ${params.id}`);
	return {
		reference: boardView(reference, seesPatientData(locals.access!.entry, user.role)),
		me: { id: user.id, name: user.name },
		readOnly: boardAccess(user.role) !== 'edit'
	};
}) satisfies PageServerLoad;
