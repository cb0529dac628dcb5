import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { patientRecord } from '$lib/server/patients';
import type { RequestHandler } from './$types';

/** One patient's record, as the patient page shows it (the NHS number masked, as on the PTL). */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	requireAccess(locals);
	const id = idParam(params.id, 'patient');
	const record = await patientRecord(await db(), id);
	if (!record) throw new AppError('not-found', `No patient ${id}`);
	return json(record);
});
