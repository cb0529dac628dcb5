import { database } from '$db';
import { requireRole } from '$lib/server/guard';
import { moveCandidates } from '$lib/server/records/bookings';
import { idParam, jsonAction } from '$lib/server/records/http';
import { BOOKING_ROLES } from '$lib/server/roles';
import type { RequestHandler } from './$types';

/** The sessions a live booking could move to (same kind and specialty, with room), soonest first. */
export const GET: RequestHandler = async ({ locals, params }) => {
	requireRole(locals, BOOKING_ROLES);
	const id = idParam(params.id, 'booking');
	return jsonAction(async () => moveCandidates((await database()).db, id));
};
