import { database } from '$db';
import { requireRole } from '$lib/server/guard';
import { moveBooking } from '$lib/server/records/bookings';
import { idParam, jsonAction } from '$lib/server/records/http';
import { readJson } from '$lib/server/input';
import { BOOKING_ROLES } from '$lib/server/roles';
import type { RequestHandler } from './$types';

/** Moves a live booking to another session (`{ sessionId, startTime? }`); its case-note request follows. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const user = requireRole(locals, BOOKING_ROLES);
	const id = idParam(params.id, 'booking');
	return jsonAction(async () =>
		moveBooking((await database()).db, user, id, await readJson(request))
	);
};
