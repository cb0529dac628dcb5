import { actionEntry, mayUse } from '$lib/access';
import { addDays } from '$lib/domain/rtt';
import { db } from '$lib/server/db';
import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { formAction } from '$lib/server/http/answer';
import { importJobPlans } from '$lib/server/imports/jobPlans';
import { withUploadedFile } from '$lib/server/imports/upload';
import { generateSessions, listTemplates } from '$lib/server/jobPlans';
import { trustDay } from '$lib/server/trustCalendar';
import type { Actions, PageServerLoad } from './$types';

const ROUTE = '/(app)/admin/job-plans';

export const load = (async ({ locals }) => {
	const user = requirePageAccess(locals);
	const may = (name: string) => {
		const entry = actionEntry(ROUTE, name);
		return entry !== undefined && mayUse(entry, user.role);
	};
	const handle = await db();
	const { monday } = await trustDay(handle);
	return {
		templates: await listTemplates(handle),
		// next week, Monday to Sunday, unless the person chooses another range
		range: { from: addDays(monday, 7), to: addDays(monday, 13) },
		mayImport: may('import'),
		mayGenerate: may('generate')
	};
}) satisfies PageServerLoad;

/** Check and import run the same import; the access table lets only admins write. */
async function importFile(request: Request, dryRun: boolean, userId: number) {
	const form = await request.formData();
	return formAction(async () => {
		const handle = await db();
		const imported = await withUploadedFile(form.get('file'), 'file', (path, fileName) =>
			importJobPlans(handle, path, { dryRun, userId, fileName })
		);
		return { imported, dryRun };
	});
}

/** Preview and generate run the same generation; only admins write. */
async function generate(request: Request, dryRun: boolean, userId: number) {
	const form = await request.formData();
	return formAction(async () => {
		const from = String(form.get('from') ?? '').slice(0, 20);
		const to = String(form.get('to') ?? '').slice(0, 20);
		const generated = await generateSessions(await db(), { from, to, dryRun, userId });
		return { generated, dryRun };
	});
}

export const actions = {
	check: async ({ locals, request }) => importFile(request, true, requireAccess(locals).id),
	import: async ({ locals, request }) => importFile(request, false, requireAccess(locals).id),
	preview: async ({ locals, request }) => generate(request, true, requireAccess(locals).id),
	generate: async ({ locals, request }) => generate(request, false, requireAccess(locals).id)
} satisfies Actions;
