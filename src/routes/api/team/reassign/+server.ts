import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { readJson } from '$lib/server/input';
import { reassignWork } from '$lib/server/records/team';
import type { RequestHandler } from './$types';

/** Moves work to someone else: `{ kind: 'request' | 'summary' | 'validation', ids, to: userId | 'none' }`. */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
	const user = requireAccess(locals);
	return json({ changed: await reassignWork(await db(), user, await readJson(request)) });
});
