import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { database } from '$db';
import { idSchema, readJson } from '$lib/server/input';
import { confirmAllocations, ConfirmError } from '$lib/server/planner/confirm';
import { boardIdParam } from '$lib/server/planner/http';
import { requireAccess } from '$lib/server/guard';
import { WorkflowError } from '$lib/server/records/errors';
import type { RequestHandler } from './$types';

/** `{}` confirms every draft allocation; `{ pathwayIds }` only those. */
const body = z.object({ pathwayIds: z.array(idSchema).max(5000).optional() }).strict();

/** Books the board's draft allocations (all, or the listed pathways) in one transaction. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const boardId = boardIdParam(params.id);
	try {
		const { pathwayIds } = await readJson(request, body);
		return json(await confirmAllocations(await database(), boardId, user, pathwayIds));
	} catch (e) {
		if (e instanceof ConfirmError || e instanceof WorkflowError) {
			return json({ error: e.message }, { status: e.status });
		}
		throw e;
	}
};
