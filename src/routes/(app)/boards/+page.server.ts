import { database } from '$db';
import { listBoards } from '$lib/server/planner/boards';
import { requireBoardViewer } from '$lib/server/planner/http';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	requireBoardViewer(locals);
	const { db } = await database();
	return { boards: await listBoards(db) };
}) satisfies PageServerLoad;
