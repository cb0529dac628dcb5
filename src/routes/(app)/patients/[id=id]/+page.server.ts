import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { requirePageAccess } from '$lib/server/guard';
import { pageLoad } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { patientRecord } from '$lib/server/patients';
import type { PageServerLoad } from './$types';

export const load = pageLoad(async ({ locals, params }) => {
	requirePageAccess(locals);
	const id = idParam(params.id, 'patient');
	const record = await patientRecord(await db(), id);
	if (!record) throw new AppError('not-found', `No patient ${id}`);
	return { record };
}) satisfies PageServerLoad;
