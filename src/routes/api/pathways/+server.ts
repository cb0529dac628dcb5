import { json } from '@sveltejs/kit';
import { database } from '$db';
import { trustToday } from '$lib/server/trustCalendar';
import { requireAccess } from '$lib/server/guard';
import { FilterError, parsePtlFilters, queryPtl } from '$lib/server/ptl';
import type { RequestHandler } from './$types';

/** The PTL as JSON: the same filters as the page, as query parameters. */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireAccess(locals);
	let filters;
	try {
		filters = parsePtlFilters(url.searchParams);
	} catch (e) {
		if (e instanceof FilterError) return json({ error: e.message }, { status: 400 });
		throw e;
	}
	const { db } = await database();
	return json(await queryPtl(db, filters, await trustToday(db)));
};
