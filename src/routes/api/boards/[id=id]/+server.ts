import { error, json } from '@sveltejs/kit';
import { database } from '$db';
import { censusDate } from '$lib/domain/rtt';
import { loadBoardReference } from '$lib/server/planner/boards';
import { boardIdParam, requireBoardViewer } from '$lib/server/planner/http';
import type { RequestHandler } from './$types';

/** One board with its sessions and waiting list: the same data the board page loads. */
export const GET: RequestHandler = async ({ locals, params }) => {
	requireBoardViewer(locals);
	const { db } = await database();
	const ref = await loadBoardReference(db, boardIdParam(params.id), censusDate());
	if (!ref) error(404, `No board ${params.id}`);
	const { id, name, specialty, horizon } = ref.board;
	return json({
		id,
		name,
		specialty,
		horizon,
		sessions: ref.sessions.map((s) => ({
			...s,
			clinicianId: s.clinicianId,
			slotTypes: s.slotTypes
		})),
		pathways: ref.pathways,
		clinicians: ref.clinicians
	});
};
