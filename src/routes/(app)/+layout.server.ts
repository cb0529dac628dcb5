import { error } from '@sveltejs/kit';
import { decide, pageEntry } from '$lib/access';
import { ROLE_LABELS } from '$lib/server/roles';
import type { LayoutServerLoad } from './$types';

// hooks.server.ts lets forbidden page requests through so that this 403 renders inside the shell.
export const load = (({ locals, route, url }) => {
	const role = locals.user?.role ?? null;
	const entry = route.id ? pageEntry(route.id) : undefined;
	if (role && (!entry || decide(entry, role) === 'forbidden')) {
		error(403, `${ROLE_LABELS[role]} accounts cannot open ${url.pathname}`);
	}
	return {};
}) satisfies LayoutServerLoad;
