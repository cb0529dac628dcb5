import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { db } from '$lib/server/db';
import { formAction } from '$lib/server/http/answer';
import { describeIssue, idField, wholeNumber } from '$lib/server/input';
import { readRecordsSettings } from '$lib/server/records/settings';
import { sentence } from '$lib/domain/summarisingItem';
import {
	claimItem,
	itemLabel,
	releaseItem,
	summarisingQueue
} from '$lib/server/records/summarising';
import { dayIn } from '$lib/server/trustCalendar';
import type { Actions, PageServerLoad } from './$types';

const pageSchema = wholeNumber(1, 10_000);

export const load = (async ({ locals, url }) => {
	const user = requirePageAccess(locals);
	const handle = await db();
	const settings = await readRecordsSettings(handle);
	const asked = url.searchParams.get('page');
	const page = asked === null ? { success: true as const, data: 1 } : pageSchema.safeParse(asked);
	return {
		queue: await summarisingQueue(handle, user.id, { page: page.success ? page.data : 1 }),
		pageError: page.success ? null : `page: ${describeIssue(page.error)}`,
		today: dayIn(settings.calendar.timeZone).today,
		timeZone: settings.calendar.timeZone,
		viewer: { id: user.id, role: user.role }
	};
}) satisfies PageServerLoad;

const itemId = (form: FormData) => idField(form.get('id'), 'id');

export const actions = {
	claim: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const form = await request.formData();
		return formAction(async () => {
			const id = itemId(form);
			const handle = await db();
			await claimItem(handle, user, id);
			const label = sentence(await itemLabel(handle, id));
			return { ok: `${label} is yours: summarise it below`, itemId: id };
		});
	},
	release: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const form = await request.formData();
		return formAction(async () => {
			const id = itemId(form);
			const handle = await db();
			await releaseItem(handle, user, id);
			const label = sentence(await itemLabel(handle, id));
			return { ok: `${label} is back in the queue`, itemId: id };
		});
	}
} satisfies Actions;
