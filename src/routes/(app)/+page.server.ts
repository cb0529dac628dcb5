import { censusDate } from '$lib/domain/rtt';
import { db } from '$lib/server/db';
import { requirePageAccess } from '$lib/server/guard';
import { waitsBySpecialty } from '$lib/server/overview';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	requirePageAccess(locals);
	const census = censusDate();
	return { census, specialties: await waitsBySpecialty(await db(), census) };
}) satisfies PageServerLoad;
