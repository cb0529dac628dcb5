/**
 * Sign-in throttling. A failed attempt is a row in sign_in_failures (so every instance counts the
 * same attempts). An email with `accountLimit` failures within the window is answered 429, right
 * password or not, until the oldest of them leaves the window or an admin unlocks it. An address
 * with `addressLimit` failures is answered 429 too, and its failures then stop counting against
 * accounts: one address spraying guesses cannot lock everyone out.
 *
 * An attempt is written down before its password is checked (and removed if it was right), under
 * a per-email and per-address lock, so parallel guesses cannot all slip in under the limit.
 */
import { and, count, desc, eq, gt, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../../db';
import { signInFailures } from '../../../db/schema';
import { writeAudit } from './audit';
import type { AuthSettings } from './authSettings';

export type Reservation =
	| { ok: true; attemptId: number }
	| { ok: false; retryAfterSeconds: number; limited: 'account' | 'address' };

/** Addresses over their limit within the window: their failures no longer count for accounts. */
function throttledAddresses(tx: Executor, since: Date, settings: AuthSettings) {
	return tx
		.select({ address: signInFailures.address })
		.from(signInFailures)
		.where(gt(signInFailures.at, since))
		.groupBy(signInFailures.address)
		.having(sql`count(*) >= ${settings.addressLimit}`);
}

/** When the `limit`-th most recent counted failure leaves the window; null when under the limit. */
async function lockedUntil(
	tx: Executor,
	where: ReturnType<typeof and>,
	limit: number,
	settings: AuthSettings
): Promise<Date | null> {
	const [row] = await tx
		.select({ at: signInFailures.at })
		.from(signInFailures)
		.where(where)
		.orderBy(desc(signInFailures.at))
		.offset(limit - 1)
		.limit(1);
	return row ? new Date(row.at.getTime() + settings.windowMs) : null;
}

function accountCondition(email: string, since: Date, settings: AuthSettings, tx: Executor) {
	return and(
		eq(signInFailures.email, email),
		gt(signInFailures.at, since),
		notInArray(signInFailures.address, throttledAddresses(tx, since, settings))
	);
}

const addressCondition = (address: string, since: Date) =>
	and(eq(signInFailures.address, address), gt(signInFailures.at, since));

/** Refuses the attempt when the email or the address is throttled; otherwise writes it down. */
export async function reserveAttempt(
	db: Database,
	email: string,
	address: string,
	now: Date,
	settings: AuthSettings
): Promise<Reservation> {
	const since = new Date(now.getTime() - settings.windowMs);
	const wait = (until: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
	return db.transaction(async (tx) => {
		// Email first, then address, always: no two attempts can wait on each other's lock.
		await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'sign-in:' + email}, 0))`);
		await tx.execute(
			sql`select pg_advisory_xact_lock(hashtextextended(${'sign-in@' + address}, 0))`
		);
		const addressUntil = await lockedUntil(
			tx,
			addressCondition(address, since),
			settings.addressLimit,
			settings
		);
		if (addressUntil)
			return { ok: false, retryAfterSeconds: wait(addressUntil), limited: 'address' };
		const accountUntil = await lockedUntil(
			tx,
			accountCondition(email, since, settings, tx),
			settings.accountLimit,
			settings
		);
		if (accountUntil)
			return { ok: false, retryAfterSeconds: wait(accountUntil), limited: 'account' };
		const [row] = await tx
			.insert(signInFailures)
			.values({ at: now, email, address })
			.returning({ id: signInFailures.id });
		return { ok: true, attemptId: row.id };
	});
}

/** A right password: the attempt was not a failure after all. */
export async function withdrawAttempt(db: Database, attemptId: number): Promise<void> {
	await db.delete(signInFailures).where(eq(signInFailures.id, attemptId));
}

/**
 * A wrong password: audits the failure, and the lockout when this failure is the one that
 * reached a limit.
 */
export async function recordFailure(
	db: Database,
	input: { email: string; address: string; userId: number | null },
	now: Date,
	settings: AuthSettings
): Promise<void> {
	const since = new Date(now.getTime() - settings.windowMs);
	await db.transaction(async (tx) => {
		const who = { email: input.email, address: input.address };
		await writeAudit(tx, {
			userId: null,
			action: 'sign-in-failed',
			entity: 'user',
			entityId: input.userId,
			after: who
		});
		const [{ n: byAddress }] = await tx
			.select({ n: count() })
			.from(signInFailures)
			.where(addressCondition(input.address, since));
		if (byAddress === settings.addressLimit) {
			await writeAudit(tx, {
				userId: null,
				action: 'sign-in-address-throttled',
				entity: 'address',
				entityId: input.address,
				after: { failures: byAddress, windowMinutes: settings.windowMs / 60_000 }
			});
		}
		const [{ n: byAccount }] = await tx
			.select({ n: count() })
			.from(signInFailures)
			.where(accountCondition(input.email, since, settings, tx));
		if (byAccount === settings.accountLimit) {
			await writeAudit(tx, {
				userId: null,
				action: 'sign-in-locked',
				entity: 'user',
				entityId: input.userId,
				after: { ...who, failures: byAccount, windowMinutes: settings.windowMs / 60_000 }
			});
		}
	});
}

/** Emails locked now, with when each unlocks by itself (the admin users page). */
export async function lockedEmails(
	db: Executor,
	emails: readonly string[],
	now: Date,
	settings: AuthSettings
): Promise<Map<string, Date>> {
	const locked = new Map<string, Date>();
	if (emails.length === 0) return locked;
	const since = new Date(now.getTime() - settings.windowMs);
	const candidates = await db
		.select({ email: signInFailures.email, n: count() })
		.from(signInFailures)
		.where(and(inArray(signInFailures.email, [...emails]), gt(signInFailures.at, since)))
		.groupBy(signInFailures.email)
		.having(sql`count(*) >= ${settings.accountLimit}`);
	for (const c of candidates) {
		const until = await lockedUntil(
			db,
			accountCondition(c.email, since, settings, db),
			settings.accountLimit,
			settings
		);
		if (until) locked.set(c.email, until);
	}
	return locked;
}

/** An admin's unlock: the email's failures are forgotten (the audit log keeps them). */
export async function unlockEmail(tx: Executor, email: string): Promise<number> {
	const rows = await tx
		.delete(signInFailures)
		.where(eq(signInFailures.email, email))
		.returning({ id: signInFailures.id });
	return rows.length;
}

/** Failures older than the window count for nothing. */
export async function purgeOldFailures(
	db: Executor,
	now: Date,
	settings: AuthSettings
): Promise<void> {
	await db
		.delete(signInFailures)
		.where(lt(signInFailures.at, new Date(now.getTime() - settings.windowMs)));
}
