import { json } from '@sveltejs/kit';
import { database } from '$db';
import { boardIdParam } from '$lib/server/planner/http';
import { requireAccess } from '$lib/server/guard';
import { ProposalError, startProposal } from '$lib/server/planner/proposals';
import type { RequestHandler } from './$types';

/** Starts the optimiser on the board as it stands; progress and completion come over socket.io. */
export const POST: RequestHandler = async ({ locals, params }) => {
	const user = requireAccess(locals);
	try {
		const proposalId = await startProposal(await database(), boardIdParam(params.id), user);
		return json({ proposalId }, { status: 202 });
	} catch (e) {
		if (e instanceof ProposalError) return json({ error: e.message }, { status: e.status });
		throw e;
	}
};
