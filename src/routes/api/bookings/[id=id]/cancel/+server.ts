import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { cancelBooking } from '$lib/server/records/bookings';
import { idParam, jsonAction } from '$lib/server/records/http';
import { readJson } from '$lib/server/input';
import type { RequestHandler } from './$types';

/** Cancels a live booking (`{ reason }`) and withdraws its case-note request if the notes are not out. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'booking');
	return jsonAction(async () =>
		cancelBooking((await database()).db, user, id, await readJson(request))
	);
};
