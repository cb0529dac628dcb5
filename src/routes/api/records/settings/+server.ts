import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { readJson } from '$lib/server/input';
import {
	readRecordsSettings,
	recordsSettingsView,
	updateRecordsSettings
} from '$lib/server/records/settings';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async ({ locals }) => {
	requireAccess(locals);
	return json(recordsSettingsView(await readRecordsSettings(await db())));
});

/** Changes SLAs, the clinic lead time (trust default and per site) or the bank-holiday list. */
export const PUT: RequestHandler = endpoint(async ({ locals, request }) => {
	const user = requireAccess(locals);
	const saved = await updateRecordsSettings(await db(), user, await readJson(request));
	return json(recordsSettingsView(saved));
});
