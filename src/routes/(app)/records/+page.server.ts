import { movesFrom, plainMovesFrom, type CaseNoteStatus } from '$lib/domain/caseNoteLifecycle';
import { isIsoDate } from '$lib/domain/rtt';
import { nextWorkingDayFrom } from '$lib/domain/workingTime';
import { dayIn } from '$lib/server/trustCalendar';
import { addDays } from '$lib/domain/rtt';
import { mayUse, pageEntry } from '$lib/access';
import { db } from '$lib/server/db';
import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { formAction } from '$lib/server/http/answer';
import { formObject, idField } from '$lib/server/input';
import { raiseAdHoc } from '$lib/server/records/adHocRequests';
import { handOnRequests } from '$lib/server/records/assignment';
import { handOnForm, handOnMessage, isSupervisor } from '$lib/server/records/handOn';
import {
	bulkTransition,
	describeRequest,
	scanTransition,
	transitionRequest
} from '$lib/server/records/requestTransitions';
import {
	locationChoices,
	pullList,
	recordsStaff,
	trackingLists
} from '$lib/server/records/worklists';
import { readRecordsSettings } from '$lib/server/records/settings';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const user = requirePageAccess(locals);
	const handle = await db();
	const settings = await readRecordsSettings(handle);
	const now = new Date();
	const { today } = dayIn(settings.calendar.timeZone, now);
	const nextWorkingDay = nextWorkingDayFrom(addDays(today, 1), settings.calendar.holidays);
	const asked = url.searchParams.get('date');
	const dateError =
		asked && !isIsoDate(asked)
			? `date: ${JSON.stringify(asked)} is not a date as YYYY-MM-DD`
			: null;
	const date = asked && !dateError ? asked : today;
	const [list, tracking, locations, staff] = await Promise.all([
		pullList(handle, date, now, settings),
		trackingLists(handle, now, settings),
		locationChoices(handle),
		recordsStaff(handle)
	]);
	// What each status can move to, so the page offers only moves the server may accept.
	const statuses = new Set<CaseNoteStatus>(
		[
			...list.groups.flatMap((g) => g.rows),
			...tracking.out,
			...tracking.toFile,
			...tracking.exceptions
		].map((r) => r.status)
	);
	const moves = Object.fromEntries(
		[...statuses].map((s) => [s, { plain: plainMovesFrom(s), all: movesFrom(s) }])
	);
	return {
		date,
		dateError,
		today,
		nextWorkingDay,
		list,
		tracking,
		locations,
		staff,
		moves,
		timeZone: settings.calendar.timeZone,
		sla: settings.sla,
		canAssignOthers: isSupervisor(user),
		viewerId: user.id,
		canEditSettings: mayUse(pageEntry('/(app)/records/settings')!, user.role)
	};
}) satisfies PageServerLoad;

export const actions = {
	move: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const { id: raw, ...input } = formObject(await request.formData());
		return formAction(async () => {
			const id = idField(raw, 'id');
			const r = await transitionRequest(await db(), user, id, input);
			return { ok: `The ${r.request} is now '${r.to}'`, requestId: r.id };
		});
	},
	bulk: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const input = formObject(await request.formData(), ['ids']);
		return formAction(async () => {
			const done = await bulkTransition(await db(), user, input);
			return {
				ok: `${done.length} ${done.length === 1 ? 'request' : 'requests'} now '${done[0]?.to}'`
			};
		});
	},
	scan: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const input = formObject(await request.formData());
		return formAction(async () => {
			const r = await scanTransition(await db(), user, input);
			return { ok: `The ${r.request} is now '${r.to}'`, requestId: r.id };
		});
	},
	raise: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const input = formObject(await request.formData());
		return formAction(async () => {
			const handle = await db();
			const id = await raiseAdHoc(handle, user, input);
			return { ok: `Raised the ${await describeRequest(handle, id)}`, requestId: id };
		});
	},
	assign: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const input = formObject(await request.formData(), ['ids']);
		return formAction(async () => {
			const { ids, to, takeOver } = handOnForm(user, input, 'ids');
			const result = await handOnRequests(await db(), user, ids, to, { takeOver });
			return { ok: handOnMessage(result, 'request', 'requests') };
		});
	}
} satisfies Actions;
