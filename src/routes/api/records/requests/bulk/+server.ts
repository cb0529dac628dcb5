import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { jsonAction, jsonBody } from '$lib/server/records/http';
import { bulkTransition } from '$lib/server/records/requests';
import type { RequestHandler } from './$types';

/** One step for a whole pull list, all or nothing: `{ ids, to, expectedFrom?, reason?, locationId? }`. */
export const POST: RequestHandler = async ({ locals, request }) => {
	const user = requireAccess(locals);
	return jsonAction(async () => ({
		moved: await bulkTransition((await database()).db, user, await jsonBody(request))
	}));
};
