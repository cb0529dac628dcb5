import { actionEntry, mayUse } from '$lib/access';
import type { ReferenceKind } from '$lib/domain/referenceImport';
import { db } from '$lib/server/db';
import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { formAction } from '$lib/server/http/answer';
import { importReference } from '$lib/server/imports/referenceImports';
import { withUploadedFile } from '$lib/server/imports/upload';
import { SET_PASSWORD_LINK_DAYS } from '$lib/server/setPasswordLinks';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ locals, params }) => {
	const user = requirePageAccess(locals);
	const importing = actionEntry('/(app)/admin/import/[kind=referenceKind]', 'import');
	return {
		kind: params.kind as ReferenceKind,
		linkDays: SET_PASSWORD_LINK_DAYS,
		mayImport: importing !== undefined && mayUse(importing, user.role)
	};
}) satisfies PageServerLoad;

/** Both actions run the same import; a dry run rolls it back (and makes no set-password link). */
async function run(request: Request, kind: ReferenceKind, dryRun: boolean, userId: number) {
	const form = await request.formData();
	return formAction(async () => {
		const handle = await db();
		const report = await withUploadedFile(form.get('file'), 'file', (path, fileName) =>
			importReference(handle, kind, path, { dryRun, userId, fileName })
		);
		return { report, dryRun };
	});
}

export const actions = {
	dryRun: async ({ locals, params, request }) =>
		run(request, params.kind as ReferenceKind, true, requireAccess(locals).id),
	import: async ({ locals, params, request }) =>
		run(request, params.kind as ReferenceKind, false, requireAccess(locals).id)
} satisfies Actions;
