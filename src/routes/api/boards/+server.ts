import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { endpoint } from '$lib/server/http/answer';
import { listBoards } from '$lib/server/planner/boards';
import { requireAccess } from '$lib/server/guard';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async ({ locals }) => {
	requireAccess(locals);
	const boards = await listBoards(await db());
	return json(boards.map(({ id, name, specialty, horizon }) => ({ id, name, specialty, horizon })));
});
