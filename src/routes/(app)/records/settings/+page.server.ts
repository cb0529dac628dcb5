import { db } from '$lib/server/db';
import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { formAction } from '$lib/server/http/answer';
import {
	readRecordsSettings,
	recordsSettingsView,
	siteChoices,
	updateRecordsSettings
} from '$lib/server/records/settings';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	requirePageAccess(locals);
	const handle = await db();
	return {
		...recordsSettingsView(await readRecordsSettings(handle)),
		sites: await siteChoices(handle)
	};
}) satisfies PageServerLoad;

/** A whole number from the form; a blank or non-number stays NaN so the schema names the field. */
const whole = (form: FormData, name: string) => {
	const raw = String(form.get(name) ?? '').trim();
	return raw === '' ? Number.NaN : Number(raw);
};

export const actions = {
	default: async ({ locals, request }) => {
		const user = requireAccess(locals);
		const form = await request.formData();
		const leadBySite: Record<string, number> = {};
		for (const [key, value] of form) {
			// A blank per-site lead time means "use the trust default".
			if (key.startsWith('lead.') && String(value).trim() !== '')
				leadBySite[key.slice(5)] = Number(value);
		}
		const input = {
			sla: {
				emergencyMinutes: whole(form, 'emergencyMinutes'),
				urgentMinutes: whole(form, 'urgentMinutes'),
				routineWorkingDays: whole(form, 'routineWorkingDays'),
				filingHours: whole(form, 'filingHours')
			},
			clinicLeadWorkingDays: whole(form, 'clinicLeadWorkingDays'),
			leadBySite,
			bankHolidays: String(form.get('bankHolidays') ?? '')
				.split(/[\s,]+/)
				.filter(Boolean)
		};
		return formAction(async () => {
			await updateRecordsSettings(await db(), user, input);
			return { ok: 'Settings saved' };
		});
	}
} satisfies Actions;
