import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { openedDatabase } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam, idSchema, readJson } from '$lib/server/input';
import { ownerAnswer } from '$lib/server/planner/boardOwner';
import { confirmAllocations } from '$lib/server/planner/confirm';
import type { RequestHandler } from './$types';

/** `{}` confirms every draft allocation; `{ pathwayIds }` only those. */
const body = z.object({ pathwayIds: z.array(idSchema).max(5000).optional() }).strict();

/** Books the board's draft allocations (all, or the listed pathways) in one transaction. */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const boardId = idParam(params.id, 'board');
	const owner = await ownerAnswer(request, boardId);
	if (owner) return owner;
	const { pathwayIds } = await readJson(request, body);
	return json(await confirmAllocations(await openedDatabase(), boardId, user, pathwayIds));
});
