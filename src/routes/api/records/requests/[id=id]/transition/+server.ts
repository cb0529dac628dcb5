import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam, readJson } from '$lib/server/input';
import { transitionRequest } from '$lib/server/records/requestTransitions';
import type { RequestHandler } from './$types';

/** Moves a request to a status: `{ to, reason?, locationId?, expectedFrom? }`. */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'request');
	return json(await transitionRequest(await db(), user, id, await readJson(request)));
});
