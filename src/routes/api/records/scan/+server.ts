import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { readJson } from '$lib/server/input';
import { scanTransition } from '$lib/server/records/requestTransitions';
import type { RequestHandler } from './$types';

/** A movement recorded by a volume barcode scanner: `{ barcode, to, locationId?, reason? }`. */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
	const user = requireAccess(locals);
	return json(await scanTransition(await db(), user, await readJson(request)));
});
