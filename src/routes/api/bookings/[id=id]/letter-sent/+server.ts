import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam, readJson } from '$lib/server/input';
import { recordLetterSent } from '$lib/server/records/book';
import type { RequestHandler } from './$types';

/** Records that the booking's letter was sent (`{ sentOn? }`, today when left out). */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'booking');
	return json(await recordLetterSent(await db(), user, id, await readJson(request)));
});
