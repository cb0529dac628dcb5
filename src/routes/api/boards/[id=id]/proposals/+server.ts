import { json } from '@sveltejs/kit';
import { openedDatabase } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { startProposal } from '$lib/server/planner/proposals';
import type { RequestHandler } from './$types';

/** Starts the optimiser on the board as it stands; progress and completion come over socket.io. */
export const POST: RequestHandler = endpoint(async ({ locals, params }) => {
	const user = requireAccess(locals);
	const proposalId = await startProposal(await openedDatabase(), idParam(params.id, 'board'), user);
	return json({ proposalId }, { status: 202 });
});
