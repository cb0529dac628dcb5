import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { queryPtl } from '$lib/server/ptl';
import { parsePtlQuery, ptlCsv } from '$lib/server/ptlExport';
import { trustToday } from '$lib/server/trustCalendar';
import type { RequestHandler } from './$types';

/**
 * The PTL: the same filters as the page, as query parameters. As JSON, one page of it; with
 * `format=csv`, the whole filtered list as a file (page and pageSize do not apply).
 */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
	const user = requireAccess(locals);
	const { format, filters } = parsePtlQuery(url.searchParams);
	const handle = await db();
	const census = await trustToday(handle);
	if (format === 'json') return json(await queryPtl(handle, filters, census));
	const { filename, csv } = await ptlCsv(handle, filters, census, user.id);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store'
		}
	});
});
