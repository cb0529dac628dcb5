import { json } from '@sveltejs/kit';
import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { readJson } from '$lib/server/input';
import { planningWeights } from '$lib/server/planner/proposals';
import { saveWeights, WeightsError } from '$lib/server/planner/weights';
import { WorkflowError } from '$lib/server/records/errors';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	requireAccess(locals);
	return json(await planningWeights((await database()).db));
};

/** Replaces the objective's weights; each is validated as the planning spec requires. */
export const PUT: RequestHandler = async ({ locals, request }) => {
	const user = requireAccess(locals);
	try {
		return json(await saveWeights((await database()).db, await readJson(request), user.id));
	} catch (e) {
		if (e instanceof WeightsError) return json({ error: e.message }, { status: 400 });
		if (e instanceof WorkflowError) return json({ error: e.message }, { status: e.status });
		throw e;
	}
};
