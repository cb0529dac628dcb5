import { json } from '@sveltejs/kit';
import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { jsonAction } from '$lib/server/records/http';
import { readJson } from '$lib/server/input';
import {
	readRecordsSettings,
	updateRecordsSettings,
	type RecordsSettings
} from '$lib/server/records/settings';
import type { RequestHandler } from './$types';

const view = (s: RecordsSettings) => ({
	sla: s.sla,
	clinicLeadWorkingDays: s.clinicLeadWorkingDays,
	leadBySite: s.leadBySite,
	bankHolidays: s.bankHolidays,
	timeZone: s.calendar.timeZone
});

export const GET: RequestHandler = async ({ locals }) => {
	requireAccess(locals);
	return json(view(await readRecordsSettings((await database()).db)));
};

/** Changes SLAs, the clinic lead time (trust default and per site) or the bank-holiday list. */
export const PUT: RequestHandler = async ({ locals, request }) => {
	const user = requireAccess(locals);
	return jsonAction(async () =>
		view(await updateRecordsSettings((await database()).db, user, await readJson(request)))
	);
};
