import { db } from '$lib/server/db';
import { requirePageAccess } from '$lib/server/guard';
import { setupChecklist } from '$lib/server/setup';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	requirePageAccess(locals);
	return { steps: await setupChecklist(await db()) };
}) satisfies PageServerLoad;
