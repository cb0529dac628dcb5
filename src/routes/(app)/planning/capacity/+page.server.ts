import { db } from '$lib/server/db';
import { capacityPlanner, parsePlannerQuery } from '$lib/server/capacityPlanner';
import { requirePageAccess } from '$lib/server/guard';
import { pageLoad } from '$lib/server/http/answer';
import { listSpecialties } from '$lib/server/reference';
import { trustDay } from '$lib/server/trustCalendar';
import type { PageServerLoad } from './$types';

export const load = pageLoad(async ({ locals, url }) => {
	requirePageAccess(locals);
	const query = parsePlannerQuery(url.searchParams);
	const handle = await db();
	const day = await trustDay(handle);
	const [planner, specialties] = await Promise.all([
		capacityPlanner(handle, query, day),
		listSpecialties(handle)
	]);
	return { planner, specialties, monday: day.monday };
}) satisfies PageServerLoad;
