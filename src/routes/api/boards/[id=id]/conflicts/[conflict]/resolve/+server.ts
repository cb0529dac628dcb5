import { json } from '@sveltejs/kit';
import { openedDatabase } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { ownerAnswer } from '$lib/server/planner/boardOwner';
import { resolveConflict } from '$lib/server/planner/confirm';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const boardId = idParam(params.id, 'board');
	const owner = await ownerAnswer(request, boardId);
	if (owner) return owner;
	await resolveConflict(await openedDatabase(), boardId, params.conflict, user);
	return json({ ok: true });
});
