import { json } from '@sveltejs/kit';
import { openedDatabase } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { resolveConflict } from '$lib/server/planner/confirm';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async ({ locals, params }) => {
	const user = requireAccess(locals);
	await resolveConflict(await openedDatabase(), idParam(params.id, 'board'), params.conflict, user);
	return json({ ok: true });
});
