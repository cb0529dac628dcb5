import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { moveCandidates } from '$lib/server/records/bookings';
import type { RequestHandler } from './$types';

/** The sessions a live booking could move to (same kind and specialty, with room), soonest first. */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	requireAccess(locals);
	return json(await moveCandidates(await db(), idParam(params.id, 'booking')));
});
