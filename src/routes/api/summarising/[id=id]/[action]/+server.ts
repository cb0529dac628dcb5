import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam, readJson } from '$lib/server/input';
import { claimItem, completeItem, releaseItem, saveDraft } from '$lib/server/records/summarising';
import type { RequestHandler } from './$types';

const ACTIONS = ['claim', 'release', 'draft', 'complete'] as const;

/**
 * POST /api/summarising/:id/claim | release | draft | complete. Draft and complete take the
 * structured summary as JSON (a draft answers `{ problem }`: what would stop completion now); a claim someone else won is a 409 naming them.
 */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'summarising item');
	const action = params.action as (typeof ACTIONS)[number];
	if (!ACTIONS.includes(action))
		throw new AppError('not-found', `No action ${params.action}: use ${ACTIONS.join(', ')}`);
	const handle = await db();
	if (action === 'claim') return json(await claimItem(handle, user, id));
	if (action === 'draft') return json(await saveDraft(handle, user, id, await readJson(request)));
	if (action === 'release') await releaseItem(handle, user, id);
	else await completeItem(handle, user, id, await readJson(request));
	return json({ ok: true });
});
