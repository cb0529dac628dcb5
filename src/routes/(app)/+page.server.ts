import { db } from '$lib/server/db';
import { requirePageAccess } from '$lib/server/guard';
import { waitsBySpecialty } from '$lib/server/overview';
import { trustToday } from '$lib/server/trustCalendar';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	requirePageAccess(locals);
	const handle = await db();
	const census = await trustToday(handle);
	return { census, specialties: await waitsBySpecialty(handle, census) };
}) satisfies PageServerLoad;
