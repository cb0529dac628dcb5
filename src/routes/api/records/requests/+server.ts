import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { idSchema } from '$lib/server/input';
import { describeIssue } from '$lib/server/records/errors';
import { jsonAction } from '$lib/server/records/http';
import { readJson } from '$lib/server/input';
import { raiseAdHoc } from '$lib/server/records/adHocRequests';
import { requestsForPathway } from '$lib/server/records/worklists';
import type { RequestHandler } from './$types';

const query = z.object({ pathwayId: idSchema }).strict();

/** The case-note requests raised for a pathway's bookings, newest first. */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireAccess(locals);
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, describeIssue(parsed.error));
	return json(await requestsForPathway((await database()).db, parsed.data.pathwayId));
};

/** Raises an ad-hoc request (ward, emergency, correspondence). */
export const POST: RequestHandler = async ({ locals, request }) => {
	const user = requireAccess(locals);
	return jsonAction(
		async () => ({ id: await raiseAdHoc((await database()).db, user, await readJson(request)) }),
		201
	);
};
