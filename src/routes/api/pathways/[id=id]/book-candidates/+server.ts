import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { bookCandidates } from '$lib/server/records/book';
import type { RequestHandler } from './$types';

/** The sessions an unbooked pathway could be booked into (those a move would offer), soonest first. */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	requireAccess(locals);
	return json(await bookCandidates(await db(), idParam(params.id, 'pathway')));
});
