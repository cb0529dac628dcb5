import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam, readJson } from '$lib/server/input';
import { bookPathway } from '$lib/server/records/book';
import type { RequestHandler } from './$types';

/**
 * Records an offer of a session (`{ sessionId, startTime?, method, outcome, offeredOn? }`) and,
 * when the patient accepts, books it; its case-note request follows.
 */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'pathway');
	return json(await bookPathway(await db(), user, id, await readJson(request)));
});
