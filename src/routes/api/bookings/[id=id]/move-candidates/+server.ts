import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { moveCandidates } from '$lib/server/records/bookings';
import { idParam, jsonAction } from '$lib/server/records/http';
import type { RequestHandler } from './$types';

/** The sessions a live booking could move to (same kind and specialty, with room), soonest first. */
export const GET: RequestHandler = async ({ locals, params }) => {
	requireAccess(locals);
	const id = idParam(params.id, 'booking');
	return jsonAction(async () => moveCandidates((await database()).db, id));
};
