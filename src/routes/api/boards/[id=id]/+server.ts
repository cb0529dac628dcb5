import { json } from '@sveltejs/kit';
import { seesPatientData } from '$lib/access';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { boardView, loadBoardReference } from '$lib/server/planner/boards';
import { trustToday } from '$lib/server/trustCalendar';
import type { RequestHandler } from './$types';

/**
 * One board with its sessions and waiting list: the same data the board page loads, without
 * patient data for the roles the access table keeps it from.
 */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	const user = requireAccess(locals);
	const handle = await db();
	const ref = await loadBoardReference(
		handle,
		idParam(params.id, 'board'),
		await trustToday(handle)
	);
	if (!ref) throw new AppError('not-found', `No board ${params.id}`);
	const { board, sessions, pathways, clinicians } = boardView(
		ref,
		seesPatientData(locals.access!.entry, user.role)
	);
	const { id, name, specialty, horizon } = board;
	return json({ id, name, specialty, horizon, sessions, pathways, clinicians });
});
