import { database } from '$db';
import { listBoards } from '$lib/server/planner/boards';
import { requirePageAccess } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	requirePageAccess(locals);
	const { db } = await database();
	return { boards: await listBoards(db) };
}) satisfies PageServerLoad;
