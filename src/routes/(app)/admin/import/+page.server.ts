import { actionEntry, endpointEntry, mayUse, pageEntry } from '$lib/access';
import { isIsoDate } from '$lib/domain/rtt';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { formAction } from '$lib/server/http/answer';
import { importPtl } from '$lib/server/imports/ptl';
import { listSources, sourceMapping } from '$lib/server/imports/sources';
import { withUploadedFile } from '$lib/server/imports/upload';
import { trustToday } from '$lib/server/trustCalendar';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	const user = requirePageAccess(locals);
	const importing = actionEntry('/(app)/admin/import', 'import');
	const mapping = endpointEntry('/api/imports/sources', 'POST');
	const others = pageEntry('/(app)/admin/import/[kind=referenceKind]');
	return {
		today: await trustToday(await db()),
		sources: await listSources(await db()),
		mayImport: importing !== undefined && mayUse(importing, user.role),
		maySaveSources: mapping !== undefined && mayUse(mapping, user.role),
		otherImports: others !== undefined && mayUse(others, user.role)
	};
}) satisfies PageServerLoad;

/** Both actions run the same import; the access table lets only admins write. */
async function run(request: Request, dryRun: boolean, userId: number) {
	const form = await request.formData();
	return formAction(async () => {
		const handle = await db();
		const extractDate = String(form.get('extractDate') ?? '') || (await trustToday(handle));
		if (!isIsoDate(extractDate)) {
			throw new AppError('invalid', `extractDate: ${extractDate} is not a date`);
		}
		const source = form.get('source');
		const mapping = source ? await sourceMapping(handle, { id: source }) : {};
		const report = await withUploadedFile(form.get('file'), 'file', (path, fileName) =>
			importPtl(handle, path, { extractDate, dryRun, userId, fileName, mapping })
		);
		return { report, dryRun };
	});
}

export const actions = {
	dryRun: async ({ locals, request }) => run(request, true, requireAccess(locals).id),
	import: async ({ locals, request }) => run(request, false, requireAccess(locals).id)
} satisfies Actions;
