import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { queryPtl } from '$lib/server/ptl';
import { parsePtlQuery, ptlFile } from '$lib/server/ptlExport';
import { trustToday } from '$lib/server/trustCalendar';
import type { RequestHandler } from './$types';

/**
 * The PTL: the same filters as the page, as query parameters. As JSON, one page of it; with
 * `format=csv` or `format=xlsx`, the whole filtered list as a file (paging does not apply).
 */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
	const user = requireAccess(locals);
	const { format, filters } = parsePtlQuery(url.searchParams);
	const handle = await db();
	const census = await trustToday(handle);
	if (format === 'json') return json(await queryPtl(handle, filters, census));
	const file = await ptlFile(handle, filters, census, user.id, format);
	return new Response(file.body, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.filename}"`,
			'cache-control': 'no-store'
		}
	});
});
