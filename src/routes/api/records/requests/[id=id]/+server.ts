import { error, json } from '@sveltejs/kit';
import { database } from '$db';
import { requireRole } from '$lib/server/guard';
import { idParam } from '$lib/server/records/http';
import { movementsOf, requestById } from '$lib/server/records/requests';
import { RECORDS_ROLES } from '$lib/server/roles';
import type { RequestHandler } from './$types';

/** One request and its tracking record (every movement: who, where, when). */
export const GET: RequestHandler = async ({ locals, params }) => {
	requireRole(locals, RECORDS_ROLES);
	const id = idParam(params.id, 'request');
	const { db } = await database();
	const request = await requestById(db, id);
	if (!request) error(404, `No case-note request ${id}`);
	return json({ ...request, movements: await movementsOf(db, id) });
};
