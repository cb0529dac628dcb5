import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { ptlImportResponse } from '$lib/server/imports/ptlUpload';
import type { RequestHandler } from './$types';

/** A dry run of the PTL extract sent as the body: what the import would do, writing nothing. */
export const POST: RequestHandler = endpoint(async ({ locals, request, url }) => {
	const user = requireAccess(locals);
	return ptlImportResponse(await db(), request, url, {
		dryRun: true,
		userId: user.id,
		requestId: locals.requestId
	});
});
