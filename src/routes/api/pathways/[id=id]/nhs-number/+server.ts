import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { revealNhsNumber } from '$lib/server/nhsNumber';
import type { RequestHandler } from './$types';

/** POST, not GET: revealing is an audited action, never a prefetchable read. */
export const POST: RequestHandler = endpoint(async ({ locals, params }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'pathway');
	const nhsNumber = await revealNhsNumber(await db(), id, user.id);
	if (!nhsNumber) throw new AppError('not-found', `no pathway ${id}`);
	return json({ nhsNumber });
});
