import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { jsonAction } from '$lib/server/records/http';
import { readJson } from '$lib/server/input';
import { reassignWork } from '$lib/server/records/team';
import type { RequestHandler } from './$types';

/** Moves work to someone else: `{ kind: 'request' | 'summary' | 'validation', ids, to: userId | 'none' }`. */
export const POST: RequestHandler = async ({ locals, request }) => {
	const user = requireAccess(locals);
	return jsonAction(async () => ({
		changed: await reassignWork((await database()).db, user, await readJson(request))
	}));
};
