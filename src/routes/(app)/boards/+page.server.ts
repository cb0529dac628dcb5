import { db } from '$lib/server/db';
import { requirePageAccess } from '$lib/server/guard';
import { listBoards } from '$lib/server/planner/boards';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	requirePageAccess(locals);
	return { boards: await listBoards(await db()) };
}) satisfies PageServerLoad;
