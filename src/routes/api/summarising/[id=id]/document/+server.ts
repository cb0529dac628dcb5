import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { itemDocument } from '$lib/server/records/summarising';
import type { RequestHandler } from './$types';

/** GET /api/summarising/:id/document: the letter the item was raised for (`document: null` if none). */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	requireAccess(locals);
	return json(await itemDocument(await db(), idParam(params.id, 'summarising item')));
});
