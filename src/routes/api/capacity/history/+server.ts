import { json } from '@sveltejs/kit';
import { capacityHistory } from '$lib/server/capacityHistoryQuery';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { trustDay } from '$lib/server/trustCalendar';
import type { RequestHandler } from './$types';

/**
 * History to calibrate the demand and capacity model from, as `npm run capacity -- calibrate`
 * reads it: `source=own` (weekly, from the list; `weeks`, `specialty`, `listType`) or
 * `source=national` (monthly, from imported national statistics; `provider`, `specialty`).
 */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
	requireAccess(locals);
	const handle = await db();
	return json(await capacityHistory(handle, url.searchParams, (await trustDay(handle)).monday));
});
