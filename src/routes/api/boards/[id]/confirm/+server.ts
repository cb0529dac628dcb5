import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { database } from '$db';
import { confirmAllocations, ConfirmError } from '$lib/server/planner/confirm';
import { boardIdParam } from '$lib/server/planner/http';
import { requireAccess } from '$lib/server/guard';
import type { RequestHandler } from './$types';

const body = z.object({ pathwayIds: z.array(z.number().int().positive()).max(5000).optional() }).strict();

/** Books the board's draft allocations (all, or the listed pathways) in one transaction. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const boardId = boardIdParam(params.id);
	const parsed = body.safeParse(await request.json().catch(() => ({})));
	if (!parsed.success) {
		return json({ error: `pathwayIds: ${parsed.error.issues[0].message}` }, { status: 400 });
	}
	try {
		return json(await confirmAllocations(await database(), boardId, user, parsed.data.pathwayIds));
	} catch (e) {
		if (e instanceof ConfirmError) return json({ error: e.message }, { status: e.status });
		throw e;
	}
};
