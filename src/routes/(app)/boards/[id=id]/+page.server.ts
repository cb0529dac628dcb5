import { seesPatientData } from '$lib/access';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { requirePageAccess } from '$lib/server/guard';
import { pageLoad } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { boardAccess, boardView, loadBoardReference } from '$lib/server/planner/boards';
import { trustToday } from '$lib/server/trustCalendar';
import type { PageServerLoad } from './$types';

export const load = pageLoad(async ({ locals, params }) => {
	const user = requirePageAccess(locals);
	const handle = await db();
	const reference = await loadBoardReference(
		handle,
		idParam(params.id, 'board'),
		await trustToday(handle)
	);
	if (!reference) throw new AppError('not-found', `No board ${params.id}`);
	return {
		reference: boardView(reference, seesPatientData(locals.access!.entry, user.role)),
		me: { id: user.id, name: user.name },
		readOnly: boardAccess(user.role) !== 'edit'
	};
}) satisfies PageServerLoad;
