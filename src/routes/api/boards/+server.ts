import { json } from '@sveltejs/kit';
import { database } from '$db';
import { listBoards } from '$lib/server/planner/boards';
import { requireBoardViewer } from '$lib/server/planner/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	requireBoardViewer(locals);
	const { db } = await database();
	const boards = await listBoards(db);
	return json(boards.map(({ id, name, specialty, horizon }) => ({ id, name, specialty, horizon })));
};
