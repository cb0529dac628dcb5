import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { appointmentBundle, parseFhirQuery } from '$lib/server/fhir';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import type { RequestHandler } from './$types';

/**
 * The bookings in sessions of `from`…`to` (and `specialty`) as FHIR R4 Appointments, patients
 * referenced by NHS number: for the PAS. Audited.
 */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
	const user = requireAccess(locals);
	const bundle = await appointmentBundle(
		await db(),
		parseFhirQuery(url.searchParams),
		url.origin,
		user.id
	);
	return json(bundle, { headers: { 'content-type': 'application/fhir+json' } });
});
