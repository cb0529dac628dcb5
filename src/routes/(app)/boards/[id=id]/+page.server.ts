import { seesPatientData } from '$lib/access';
import { censusDate } from '$lib/domain/rtt';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { requirePageAccess } from '$lib/server/guard';
import { pageLoad } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { boardAccess, boardView, loadBoardReference } from '$lib/server/planner/boards';
import type { PageServerLoad } from './$types';

export const load = pageLoad(async ({ locals, params }) => {
	const user = requirePageAccess(locals);
	const reference = await loadBoardReference(await db(), idParam(params.id, 'board'), censusDate());
	if (!reference) throw new AppError('not-found', `No board ${params.id}`);
	return {
		reference: boardView(reference, seesPatientData(locals.access!.entry, user.role)),
		me: { id: user.id, name: user.name },
		readOnly: boardAccess(user.role) !== 'edit'
	};
}) satisfies PageServerLoad;
