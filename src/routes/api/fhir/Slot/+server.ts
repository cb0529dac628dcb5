import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { importSlotBundle, parseFhirQuery, slotBundle } from '$lib/server/fhir';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { readJson } from '$lib/server/input';
import type { RequestHandler } from './$types';

const FHIR_JSON = { 'content-type': 'application/fhir+json' };

/** A year of one trust's sessions as a Slot bundle is a few megabytes. */
const BUNDLE_LIMIT = 8 * 1024 * 1024;

/** The sessions of `from`…`to` (and `specialty`) as FHIR R4 Slots, with their Schedules. */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
	requireAccess(locals);
	const bundle = await slotBundle(await db(), parseFhirQuery(url.searchParams), url.origin);
	return json(bundle, { headers: FHIR_JSON });
});

/** A Bundle of Slots (and the Schedules they name) as sessions; `?dryRun=true` writes nothing. */
export const POST: RequestHandler = endpoint(async ({ locals, request, url }) => {
	const user = requireAccess(locals);
	const dryRun = url.searchParams.get('dryRun') ?? 'false';
	if (dryRun !== 'true' && dryRun !== 'false')
		throw new AppError('invalid', `dryRun: true or false (not "${dryRun.slice(0, 20)}")`);
	const bundle = await readJson(request, undefined, BUNDLE_LIMIT);
	return json(
		await importSlotBundle(await db(), bundle, url.origin, {
			dryRun: dryRun === 'true',
			userId: user.id
		})
	);
});
