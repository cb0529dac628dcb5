import { error } from '@sveltejs/kit';
import type { Role, SessionUser } from './auth';
import { ROLE_LABELS } from './roles';

/** The signed-in user when their role is one of `roles`; otherwise a 401/403 error. */
export function requireRole(locals: App.Locals, roles: readonly Role[] | 'any'): SessionUser {
	const user = locals.user;
	if (!user) error(401, 'Sign in first');
	if (roles !== 'any' && !roles.includes(user.role)) {
		error(403, `${ROLE_LABELS[user.role]} accounts cannot open this`);
	}
	return user;
}
