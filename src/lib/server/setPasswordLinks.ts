/**
 * One-time links to set a password (`/welcome/<token>`), for accounts made without one by the
 * staff import. The admin sees each link once, in the import's result, and sends it; the person
 * opens it and chooses a password by the usual rules (domain/account.ts), which spends it. The
 * table keeps only the token's SHA-256, so a leaked table opens nothing.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { Database, Executor } from '../../../db';
import { setPasswordLinks, users } from '../../../db/schema';
import { passwordProblem } from '../domain/account';
import { writeAudit } from './audit';
import { sessionIdOf } from './auth';
import { AppError } from './errors';
import { hashPassword } from './password';

/** How long a link works: long enough to reach someone back from a week's leave. */
export const SET_PASSWORD_LINK_DAYS = 7;

/** The link's path for a token; the page and the command line put the origin before it. */
export const setPasswordPath = (token: string) => `/welcome/${token}`;

/** Stores a new link for `userId` (in the caller's transaction) and returns its token. */
export async function createSetPasswordLink(
	tx: Executor,
	userId: number,
	now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(now.getTime() + SET_PASSWORD_LINK_DAYS * 24 * 60 * 60 * 1000);
	await tx.insert(setPasswordLinks).values({
		tokenHash: sessionIdOf(token),
		userId,
		createdAt: now,
		expiresAt
	});
	return { token, expiresAt };
}

const NO_LINK = 'This link does not work: it was used already, has expired or was never made';

/** Whose link this is, while it works (unspent, unexpired, the account enabled); else not-found. */
export async function setPasswordLinkOwner(
	db: Executor,
	token: string,
	now = new Date()
): Promise<{ name: string; email: string }> {
	const [row] = await db
		.select({ name: users.name, email: users.email })
		.from(setPasswordLinks)
		.innerJoin(users, eq(users.id, setPasswordLinks.userId))
		.where(
			and(
				eq(setPasswordLinks.tokenHash, sessionIdOf(token)),
				gt(setPasswordLinks.expiresAt, now),
				eq(users.active, true)
			)
		);
	if (!row) throw new AppError('not-found', NO_LINK);
	return row;
}

/** Sets the password of the link's account and spends the link (and any other of theirs). */
export async function setPasswordWithLink(
	db: Database,
	token: string,
	password: string,
	now = new Date()
): Promise<{ email: string }> {
	await setPasswordLinkOwner(db, token, now);
	const weak = passwordProblem(password);
	if (weak) throw new AppError('invalid', weak);
	const passwordHash = await hashPassword(password);
	return db.transaction(async (tx) => {
		const [spent] = await tx
			.delete(setPasswordLinks)
			.where(
				and(eq(setPasswordLinks.tokenHash, sessionIdOf(token)), gt(setPasswordLinks.expiresAt, now))
			)
			.returning({ userId: setPasswordLinks.userId });
		if (!spent) throw new AppError('not-found', NO_LINK);
		const [account] = await tx
			.update(users)
			.set({ passwordHash })
			.where(and(eq(users.id, spent.userId), eq(users.active, true)))
			.returning({ email: users.email });
		if (!account) throw new AppError('not-found', NO_LINK);
		await tx.delete(setPasswordLinks).where(eq(setPasswordLinks.userId, spent.userId));
		await writeAudit(tx, {
			userId: spent.userId,
			action: 'set-password',
			entity: 'user',
			entityId: spent.userId,
			after: { by: 'link' }
		});
		return account;
	});
}
