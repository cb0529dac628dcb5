import {
	FLAG_LABELS,
	NO_LONGER_REQUIRED_CODES,
	OUTCOME_LABELS
} from '$lib/domain/validationOutcome';
import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { listSpecialties } from '$lib/server/reference';
import { db } from '$lib/server/db';
import { formAction } from '$lib/server/http/answer';
import { describeIssue, formObject, idField } from '$lib/server/input';
import { handOnForm, handOnMessage, isSupervisor } from '$lib/server/records/handOn';
import { trustToday } from '$lib/server/trustCalendar';
import {
	handOnValidation,
	recordOutcome,
	validationWorklist,
	validators,
	worklistFiltersSchema
} from '$lib/server/records/validation';
import type { Actions, PageServerLoad } from './$types';
import { counted } from '$lib/format/plural';

export const load = (async ({ locals, url }) => {
	const user = requirePageAccess(locals);
	const handle = await db();
	const census = await trustToday(handle);
	const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
	const parsed = worklistFiltersSchema.safeParse(raw);
	const [specialties, people] = await Promise.all([listSpecialties(handle), validators(handle)]);
	return {
		census,
		filterError: parsed.success ? null : describeIssue(parsed.error),
		worklist: parsed.success
			? await validationWorklist(handle, parsed.data, census, user.id)
			: null,
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
			const handle = await db();
			const result = await recordOutcome(handle, user, id, input, await trustToday(handle));
			const cancelled = result.cancelledBookings.length
				? `; ${counted(result.cancelledBookings.length, 'booking')} cancelled`
				: '';
			return {
				ok: `${result.patient}: outcome recorded (RTT status ${result.rttStatus})${cancelled}`,
				pathwayId: id
			};
		});
	},
	assign: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const input = formObject(await request.formData(), ['pathwayIds']);
		return formAction(async () => {
			const { ids, to, takeOver } = handOnForm(user, input, 'pathwayIds');
			const result = await handOnValidation(await db(), user, ids, to, new Date(), { takeOver });
			return { ok: handOnMessage(result, 'task', 'tasks') };
		});
	}
} satisfies Actions;
