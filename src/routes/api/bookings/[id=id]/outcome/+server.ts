import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam, readJson } from '$lib/server/input';
import { recordOutcome } from '$lib/server/records/attendance';
import type { RequestHandler } from './$types';

/** How a live booking went on its day (`{ code, note? }`, national attendance codes 3, 5, 6, 7). */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'booking');
	return json(await recordOutcome(await db(), user, id, await readJson(request)));
});
