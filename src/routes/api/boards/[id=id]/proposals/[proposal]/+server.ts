import { json } from '@sveltejs/kit';
import { openedDatabase } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam } from '$lib/server/input';
import { getProposal } from '$lib/server/planner/proposalJob';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	requireAccess(locals);
	const { db } = await openedDatabase();
	const proposal = await getProposal(db, idParam(params.id, 'board'), params.proposal);
	if (!proposal)
		throw new AppError(
			'not-found',
			`No proposal ${params.proposal} for board ${params.id} (proposals are kept for an hour)`
		);
	return json(proposal);
});
