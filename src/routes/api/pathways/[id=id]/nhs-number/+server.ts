import { error, json } from '@sveltejs/kit';
import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { revealNhsNumber } from '$lib/server/nhsNumber';
import { idParam } from '$lib/server/records/http';
import type { RequestHandler } from './$types';

/** POST, not GET: revealing is an audited action, never a prefetchable read. */
export const POST: RequestHandler = async ({ locals, params }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'pathway');
	const { db } = await database();
	const nhsNumber = await revealNhsNumber(db, id, user.id);
	if (!nhsNumber) error(404, `no pathway ${id}`);
	return json({ nhsNumber });
};
