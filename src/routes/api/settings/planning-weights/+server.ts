import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { readJson } from '$lib/server/input';
import { planningWeights } from '$lib/server/planner/proposals';
import { saveWeights } from '$lib/server/planner/weights';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async ({ locals }) => {
	requireAccess(locals);
	return json(await planningWeights(await db()));
});

/** Replaces the objective's weights; each is validated as the planning spec requires. */
export const PUT: RequestHandler = endpoint(async ({ locals, request }) => {
	const user = requireAccess(locals);
	return json(await saveWeights(await db(), await readJson(request), user.id));
});
