import { json } from '@sveltejs/kit';
import { database } from '$db';
import { ConfirmError, resolveConflict } from '$lib/server/planner/confirm';
import { boardIdParam } from '$lib/server/planner/http';
import { requireAccess } from '$lib/server/guard';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, params }) => {
	const user = requireAccess(locals);
	try {
		await resolveConflict(await database(), boardIdParam(params.id), params.conflict, user);
		return json({ ok: true });
	} catch (e) {
		if (e instanceof ConfirmError) return json({ error: e.message }, { status: e.status });
		throw e;
	}
};
