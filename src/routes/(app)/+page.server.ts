import { db } from '$lib/server/db';
import { requirePageAccess } from '$lib/server/guard';
import { homeView } from '$lib/server/home';
import { trustToday } from '$lib/server/trustCalendar';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	const user = requirePageAccess(locals);
	const handle = await db();
	return { home: await homeView(handle, user, await trustToday(handle)) };
}) satisfies PageServerLoad;
