import { database } from '$db';
import { censusDate } from '$lib/domain/rtt';
import { requirePageAccess } from '$lib/server/guard';
import { waitsBySpecialty } from '$lib/server/overview';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	requirePageAccess(locals);
	const census = censusDate();
	const { db } = await database();
	return { census, specialties: await waitsBySpecialty(db, census) };
}) satisfies PageServerLoad;
