import { error } from '@sveltejs/kit';
import { database } from '$db';
import { censusDate } from '$lib/domain/rtt';
import { boardAccess, loadBoardReference } from '$lib/server/planner/boards';
import { boardIdParam, requireBoardViewer } from '$lib/server/planner/http';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
	const user = requireBoardViewer(locals);
	const { db } = await database();
	const reference = await loadBoardReference(db, boardIdParam(params.id), censusDate());
	if (!reference) error(404, `No board ${params.id}`);
	return {
		reference,
		me: { id: user.id, name: user.name },
		readOnly: boardAccess(user.role) !== 'edit'
	};
}) satisfies PageServerLoad;
