/**
 * The people who act on records work, and the check that a person named to take work (an
 * assignee, a validator, a summariser) exists, is active and has a role that does that work.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../../../db';
import { users } from '../../../../db/schema';
import type { SessionUser } from '../auth';
import { AppError } from '../errors';

export type Actor = Pick<SessionUser, 'id' | 'name' | 'role'>;

/** Checks that a user exists, is active and has one of `roles`; a 400 naming `field` if not. */
export async function requireUserWithRole(
	tx: Executor,
	userId: number,
	roles: readonly string[],
	field: string
): Promise<{ id: number; name: string; role: string }> {
	const [u] = await tx
		.select({ id: users.id, name: users.name, role: users.role, active: users.active })
		.from(users)
		.where(eq(users.id, userId));
	if (!u || !u.active) throw new AppError('invalid', `${field}: no active user ${userId}`);
	if (!roles.includes(u.role)) {
		throw new AppError(
			'invalid',
			`${field}: ${u.name} is not one of the people who can take this work (${roles.join(', ')})`
		);
	}
	return u;
}
