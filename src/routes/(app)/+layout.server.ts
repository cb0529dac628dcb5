import { error } from '@sveltejs/kit';
import { accessFor, ROLE_LABELS } from '$lib/server/roles';
import type { LayoutServerLoad } from './$types';

// hooks.server.ts lets forbidden page requests through so that this 403 renders inside the shell.
export const load = (({ locals, url }) => {
	const role = locals.user?.role ?? null;
	if (role && accessFor(url.pathname, role) === 'forbidden') {
		error(403, `${ROLE_LABELS[role]} accounts cannot open ${url.pathname}`);
	}
	return {};
}) satisfies LayoutServerLoad;
