import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { restartClockAfterDna } from '$lib/server/records/attendance';
import type { RequestHandler } from './$types';

/** After a first-appointment DNA, the hospital offers another appointment: a new clock from today. */
export const POST: RequestHandler = endpoint(async ({ locals, params }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'pathway');
	return json(await restartClockAfterDna(await db(), user, id));
});
