import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { parsePtlFilters, queryPtl } from '$lib/server/ptl';
import { trustToday } from '$lib/server/trustCalendar';
import type { RequestHandler } from './$types';

/** The PTL as JSON: the same filters as the page, as query parameters. */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
	requireAccess(locals);
	const filters = parsePtlFilters(url.searchParams);
	const handle = await db();
	return json(await queryPtl(handle, filters, await trustToday(handle)));
});
