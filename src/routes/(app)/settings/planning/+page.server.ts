import { mayUse, pageEntry } from '$lib/access';
import { defaultWeights } from '$lib/domain/planning/problem';
import { db } from '$lib/server/db';
import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { formAction } from '$lib/server/http/answer';
import { planningWeights } from '$lib/server/planner/proposals';
import { saveWeights } from '$lib/server/planner/weights';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	const user = requirePageAccess(locals);
	return {
		weights: await planningWeights(await db()),
		defaults: defaultWeights(),
		canEditLetters: mayUse(pageEntry('/(app)/settings/letters')!, user.role)
	};
}) satisfies PageServerLoad;

const number = (form: FormData, name: string) => {
	const raw = String(form.get(name) ?? '').trim();
	return raw === '' ? Number.NaN : Number(raw);
};

export const actions = {
	default: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const form = await request.formData();
		const froms = form.getAll('slopeFrom').map((v) => String(v).trim());
		const costs = form.getAll('slopeCost').map((v) => String(v).trim());
		const waitSlopes = froms
			.map((f, i) => [f, costs[i] ?? ''] as const)
			.filter(([f, c]) => f !== '' || c !== '')
			.map(([f, c]) => [Number(f), Number(c)]);
		const input = {
			waitSlopes,
			rttLatePerDay: number(form, 'rttLatePerDay'),
			priorityLatePerDay: number(form, 'priorityLatePerDay'),
			unbookedPenalty: number(form, 'unbookedPenalty'),
			unbookedAccrues: true,
			sessionOpenCost: number(form, 'sessionOpenCost')
		};
		return formAction(async () => {
			await saveWeights(await db(), input, user.id);
			return { saved: true };
		});
	}
} satisfies Actions;
