import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { ptlImportResponse } from '$lib/server/imports/ptlUpload';
import type { RequestHandler } from './$types';

/** Imports the PTL extract sent as the body; answers with its progress and report (NDJSON). */
export const POST: RequestHandler = endpoint(async ({ locals, request, url }) => {
	const user = requireAccess(locals);
	return ptlImportResponse(await db(), request, url, {
		dryRun: false,
		userId: user.id,
		requestId: locals.requestId
	});
});
