import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { movementsOf, requestById } from '$lib/server/records/worklists';
import type { RequestHandler } from './$types';

/** One request and its tracking record (every movement: who, where, when). */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	requireAccess(locals);
	const id = idParam(params.id, 'request');
	const handle = await db();
	const request = await requestById(handle, id);
	if (!request) throw new AppError('not-found', `No case-note request ${id}`);
	return json({ ...request, movements: await movementsOf(handle, id) });
});
