import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { appointmentLetter } from '$lib/server/letters/appointmentLetter';
import type { RequestHandler } from './$types';

/** The booking's appointment / TCI letter as a PDF; each one drawn is audited. */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'booking');
	const { pdf } = await appointmentLetter(await db(), user, id);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `inline; filename="letter-${id}.pdf"`,
			// patient data: never kept by a browser or proxy cache
			'cache-control': 'no-store'
		}
	});
});
