import { error, json } from '@sveltejs/kit';
import { database } from '$db';
import { requireRole } from '$lib/server/guard';
import { revealNhsNumber } from '$lib/server/nhsNumber';
import { idParam } from '$lib/server/records/http';
import { PTL_ROLES } from '$lib/server/roles';
import type { RequestHandler } from './$types';

/** POST, not GET: revealing is an audited action, never a prefetchable read. */
export const POST: RequestHandler = async ({ locals, params }) => {
	const user = requireRole(locals, PTL_ROLES);
	const id = idParam(params.id, 'pathway');
	const { db } = await database();
	const nhsNumber = await revealNhsNumber(db, id, user.id);
	if (!nhsNumber) error(404, `no pathway ${id}`);
	return json({ nhsNumber });
};
