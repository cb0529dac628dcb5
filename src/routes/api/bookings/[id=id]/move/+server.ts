import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { moveBooking } from '$lib/server/records/bookings';
import { idParam, jsonAction } from '$lib/server/records/http';
import { readJson } from '$lib/server/input';
import type { RequestHandler } from './$types';

/** Moves a live booking to another session (`{ sessionId, startTime? }`); its case-note request follows. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'booking');
	return jsonAction(async () =>
		moveBooking((await database()).db, user, id, await readJson(request))
	);
};
