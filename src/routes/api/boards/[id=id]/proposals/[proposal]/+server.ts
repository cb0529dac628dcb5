import { error, json } from '@sveltejs/kit';
import { boardIdParam } from '$lib/server/planner/http';
import { requireAccess } from '$lib/server/guard';
import { getProposal } from '$lib/server/planner/proposals';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) => {
	requireAccess(locals);
	const proposal = getProposal(boardIdParam(params.id), params.proposal);
	if (!proposal)
		error(
			404,
			`No proposal ${params.proposal} for board ${params.id} (proposals are kept for an hour)`
		);
	return json(proposal);
};
