import { error } from '@sveltejs/kit';
import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { idParam, jsonAction } from '$lib/server/records/http';
import { readJson } from '$lib/server/input';
import { claimItem, completeItem, releaseItem, saveDraft } from '$lib/server/records/summarising';
import type { RequestHandler } from './$types';

const ACTIONS = ['claim', 'release', 'draft', 'complete'] as const;

/**
 * POST /api/summarising/:id/claim | release | draft | complete. Draft and complete take the
 * structured summary as JSON; a claim someone else won is a 409 naming them.
 */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'summarising item');
	const action = params.action as (typeof ACTIONS)[number];
	if (!ACTIONS.includes(action))
		error(404, `No action ${params.action}: use ${ACTIONS.join(', ')}`);
	return jsonAction(async () => {
		const { db } = await database();
		if (action === 'claim') return claimItem(db, user, id);
		if (action === 'release') return releaseItem(db, user, id);
		const summary = await readJson(request);
		return action === 'draft'
			? saveDraft(db, user, id, summary)
			: completeItem(db, user, id, summary);
	});
};
