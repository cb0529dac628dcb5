import { error, json } from '@sveltejs/kit';
import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { idParam } from '$lib/server/records/http';
import { movementsOf, requestById } from '$lib/server/records/worklists';
import type { RequestHandler } from './$types';

/** One request and its tracking record (every movement: who, where, when). */
export const GET: RequestHandler = async ({ locals, params }) => {
	requireAccess(locals);
	const id = idParam(params.id, 'request');
	const { db } = await database();
	const request = await requestById(db, id);
	if (!request) error(404, `No case-note request ${id}`);
	return json({ ...request, movements: await movementsOf(db, id) });
};
