import { database } from '$db';
import { requireRole } from '$lib/server/guard';
import { cancelBooking } from '$lib/server/records/bookings';
import { idParam, jsonAction } from '$lib/server/records/http';
import { readJson } from '$lib/server/input';
import { BOOKING_ROLES } from '$lib/server/roles';
import type { RequestHandler } from './$types';

/** Cancels a live booking (`{ reason }`) and withdraws its case-note request if the notes are not out. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const user = requireRole(locals, BOOKING_ROLES);
	const id = idParam(params.id, 'booking');
	return jsonAction(async () =>
		cancelBooking((await database()).db, user, id, await readJson(request))
	);
};
