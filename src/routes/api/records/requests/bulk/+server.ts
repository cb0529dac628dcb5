import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { jsonAction } from '$lib/server/records/http';
import { readJson } from '$lib/server/input';
import { bulkTransition } from '$lib/server/records/requestTransitions';
import type { RequestHandler } from './$types';

/** One step for a whole pull list, all or nothing: `{ ids, to, expectedFrom?, reason?, locationId? }`. */
export const POST: RequestHandler = async ({ locals, request }) => {
	const user = requireAccess(locals);
	return jsonAction(async () => ({
		moved: await bulkTransition((await database()).db, user, await readJson(request))
	}));
};
