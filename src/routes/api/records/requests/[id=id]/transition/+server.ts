import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { idParam, jsonAction } from '$lib/server/records/http';
import { readJson } from '$lib/server/input';
import { transitionRequest } from '$lib/server/records/requestTransitions';
import type { RequestHandler } from './$types';

/** Moves a request to a status: `{ to, reason?, locationId?, expectedFrom? }`. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'request');
	return jsonAction(async () =>
		transitionRequest((await database()).db, user, id, await readJson(request))
	);
};
