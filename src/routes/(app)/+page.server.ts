import { database } from '$db';
import { trustToday } from '$lib/server/trustCalendar';
import { requirePageAccess } from '$lib/server/guard';
import { waitsBySpecialty } from '$lib/server/overview';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	requirePageAccess(locals);
	const { db } = await database();
	const census = await trustToday(db);
	return { census, specialties: await waitsBySpecialty(db, census) };
}) satisfies PageServerLoad;
