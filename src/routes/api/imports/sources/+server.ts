import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { saveSource } from '$lib/server/imports/sources';
import { readJson } from '$lib/server/input';
import type { RequestHandler } from './$types';

/** Saves `{ name, mapping }`: a new source, or the mapping of the one with that name. */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
	const user = requireAccess(locals);
	return json(await saveSource(await db(), await readJson(request), user.id));
});
