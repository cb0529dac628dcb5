import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idSchema, parseInput, readJson } from '$lib/server/input';
import { raiseAdHoc } from '$lib/server/records/adHocRequests';
import { requestsForPathway } from '$lib/server/records/worklists';
import type { RequestHandler } from './$types';

const query = z.object({ pathwayId: idSchema }).strict();

/** The case-note requests raised for a pathway's bookings, newest first. */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
	requireAccess(locals);
	const { pathwayId } = parseInput(query, Object.fromEntries(url.searchParams));
	return json(await requestsForPathway(await db(), pathwayId));
});

/** Raises an ad-hoc request (ward, emergency, correspondence). */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
	const user = requireAccess(locals);
	const id = await raiseAdHoc(await db(), user, await readJson(request));
	return json({ id }, { status: 201 });
});
