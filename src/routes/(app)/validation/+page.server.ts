import { database } from '$db';
import {
	FLAG_LABELS,
	NO_LONGER_REQUIRED_CODES,
	OUTCOME_LABELS
} from '$lib/domain/validationOutcome';
import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { listSpecialties } from '$lib/server/reference';
import { describeIssue, formObject } from '$lib/server/records/errors';
import { handOnMessage, isChecked, isSupervisor } from '$lib/server/records/handOn';
import { idField } from '$lib/server/input';
import { formAction } from '$lib/server/records/http';
import { trustToday } from '$lib/server/trustCalendar';
import {
	handOnValidation,
	recordOutcome,
	validationWorklist,
	validators,
	worklistFiltersSchema
} from '$lib/server/records/validation';
import type { Actions, PageServerLoad } from './$types';

const censusOf = async () => {
	const { db } = await database();
	return trustToday(db);
};

export const load = (async ({ locals, url }) => {
	const user = requirePageAccess(locals);
	const { db } = await database();
	const census = await censusOf();
	const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
	const parsed = worklistFiltersSchema.safeParse(raw);
	const [specialties, people] = await Promise.all([listSpecialties(db), validators(db)]);
	return {
		census,
		filterError: parsed.success ? null : describeIssue(parsed.error),
		worklist: parsed.success ? await validationWorklist(db, parsed.data, census, user.id) : null,
		specialties,
		people,
		viewerId: user.id,
		canAssignOthers: isSupervisor(user),
		labels: { flags: FLAG_LABELS, outcomes: OUTCOME_LABELS, stopCodes: NO_LONGER_REQUIRED_CODES }
	};
}) satisfies PageServerLoad;

const pathwayId = (raw: unknown) => idField(raw, 'pathwayId');

export const actions = {
	outcome: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const { pathwayId: raw, ...input } = formObject(await request.formData());
		return formAction(async () => {
			const id = pathwayId(raw);
			const result = await recordOutcome((await database()).db, user, id, input, await censusOf());
			const cancelled = result.cancelledBookings.length
				? `; ${result.cancelledBookings.length} booking(s) cancelled`
				: '';
			return {
				ok: `Pathway ${id}: outcome recorded (RTT status ${result.rttStatus})${cancelled}`,
				pathwayId: id
			};
		});
	},
	assign: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const input = formObject(await request.formData(), ['pathwayIds']);
		return formAction(async () => {
			const ids = ((input.pathwayIds as string[] | undefined) ?? []).map(pathwayId);
			const to =
				input.assigneeId === 'none'
					? null
					: input.assigneeId === undefined
						? user.id
						: idField(input.assigneeId, 'assigneeId');
			const result = await handOnValidation((await database()).db, user, ids, to, new Date(), {
				takeOver: isChecked(input.takeOver)
			});
			return { ok: handOnMessage(result, 'task', 'tasks') };
		});
	}
} satisfies Actions;
