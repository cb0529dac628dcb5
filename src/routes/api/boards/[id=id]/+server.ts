import { error, json } from '@sveltejs/kit';
import { database } from '$db';
import { seesPatientData } from '$lib/access';
import { trustToday } from '$lib/server/trustCalendar';
import { requireAccess } from '$lib/server/guard';
import { boardView, loadBoardReference } from '$lib/server/planner/boards';
import { boardIdParam } from '$lib/server/planner/http';
import type { RequestHandler } from './$types';

/**
 * One board with its sessions and waiting list: the same data the board page loads, without
 * patient data for the roles the access table keeps it from.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireAccess(locals);
	const { db } = await database();
	const ref = await loadBoardReference(db, boardIdParam(params.id), await trustToday(db));
	if (!ref) error(404, `No board ${params.id}`);
	const { board, sessions, pathways, clinicians } = boardView(
		ref,
		seesPatientData(locals.access!.entry, user.role)
	);
	const { id, name, specialty, horizon } = board;
	return json({ id, name, specialty, horizon, sessions, pathways, clinicians });
};
