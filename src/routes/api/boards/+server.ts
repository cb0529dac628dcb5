import { json } from '@sveltejs/kit';
import { database } from '$db';
import { listBoards } from '$lib/server/planner/boards';
import { requireAccess } from '$lib/server/guard';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	requireAccess(locals);
	const { db } = await database();
	const boards = await listBoards(db);
	return json(boards.map(({ id, name, specialty, horizon }) => ({ id, name, specialty, horizon })));
};
