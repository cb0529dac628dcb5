import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { jsonAction } from '$lib/server/records/http';
import { readJson } from '$lib/server/input';
import { scanTransition } from '$lib/server/records/requestTransitions';
import type { RequestHandler } from './$types';

/** A movement recorded by a volume barcode scanner: `{ barcode, to, locationId?, reason? }`. */
export const POST: RequestHandler = async ({ locals, request }) => {
	const user = requireAccess(locals);
	return jsonAction(async () =>
		scanTransition((await database()).db, user, await readJson(request))
	);
};
