import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { readJson } from '$lib/server/input';
import { bulkTransition } from '$lib/server/records/requestTransitions';
import type { RequestHandler } from './$types';

/** One step for a whole pull list, all or nothing: `{ ids, to, expectedFrom?, reason?, locationId? }`. */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
	const user = requireAccess(locals);
	return json({ moved: await bulkTransition(await db(), user, await readJson(request)) });
});
