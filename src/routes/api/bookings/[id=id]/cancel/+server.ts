import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam, readJson } from '$lib/server/input';
import { cancelBooking } from '$lib/server/records/bookings';
import type { RequestHandler } from './$types';

/** Cancels a live booking (`{ reason }`) and withdraws its case-note request if the notes are not out. */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'booking');
	return json(await cancelBooking(await db(), user, id, await readJson(request)));
});
