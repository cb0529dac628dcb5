import { randomBytes, scryptSync } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { auditLog, authSessions, users } from '../../db/schema';
import { authSettings } from '../../src/lib/server/authSettings';
import { needsRehash } from '../../src/lib/server/password';
import {
	authenticate,
	cookieFromHeader,
	createSession,
	createUser,
	endSession,
	userForSession
} from '../../src/lib/server/auth';
import { AppError } from '../../src/lib/server/errors';
import { targets } from './databases';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A hash as an older release made it (the same format, a smaller N). */
async function hashWith(n: number, password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = scryptSync(password, salt, 32, { N: n, r: 8, p: 1, maxmem: 256 * n * 8 });
	return `scrypt$${n}$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

describe.each(targets)('sign-in on $name', (target) => {
	let open: OpenDatabase;
	beforeAll(async () => {
		open = await target.open();
		await createUser(
			open.db,
			{
				email: 'Coord@Example.test',
				name: 'Casey Coordinator',
				role: 'coordinator',
				password: 'correct horse battery'
			},
			null
		);
	});
	afterAll(async () => {
		await open?.close();
	});
	const storedHash = async (id: number) =>
		(await open.db.select({ h: users.passwordHash }).from(users).where(eq(users.id, id)))[0].h;

	it('accepts the right password, case-insensitively on the email', async () => {
		const user = await authenticate(open.db, 'coord@example.TEST', 'correct horse battery');
		expect(user).toMatchObject({ email: 'coord@example.test', role: 'coordinator' });
	});

	it('refuses a wrong password and an unknown email alike', async () => {
		expect(await authenticate(open.db, 'coord@example.test', 'wrong horse battery')).toBeNull();
		expect(await authenticate(open.db, 'nobody@example.test', 'correct horse battery')).toBeNull();
	});

	it('stores only a hash of the session token, and the token finds the user', async () => {
		const user = (await authenticate(open.db, 'coord@example.test', 'correct horse battery'))!;
		const { token } = await createSession(open.db, user.id);
		const rows = await open.db.select().from(authSessions).where(eq(authSessions.userId, user.id));
		expect(rows.some((r) => r.id === token)).toBe(false);
		expect((await userForSession(open.db, token))?.user.email).toBe('coord@example.test');
		await endSession(open.db, token);
		expect(await userForSession(open.db, token)).toBeNull();
	});

	it('ends a session at its absolute lifetime however active, and after the idle timeout', async () => {
		const user = (await authenticate(open.db, 'coord@example.test', 'correct horse battery'))!;
		const settings = { ...authSettings({}), sessionMs: 12 * HOUR, idleMs: 30 * MINUTE };
		const t0 = new Date('2030-01-01T08:00:00Z');
		const at = (ms: number) => new Date(t0.getTime() + ms);
		const active = await createSession(
			open.db,
			user.id,
			{ userAgent: 'Firefox', address: '10.0.0.7' },
			t0,
			settings
		);
		// Seen every 20 minutes for 12 hours: never idle, and still ended at 12 h (no sliding).
		for (let t = 20 * MINUTE; t < 12 * HOUR; t += 20 * MINUTE) {
			expect(
				await userForSession(open.db, active.token, at(t), settings),
				`at ${t / MINUTE} min`
			).not.toBeNull();
		}
		expect(
			await userForSession(open.db, active.token, at(12 * HOUR + MINUTE), settings)
		).toBeNull();

		const idle = await createSession(open.db, user.id, {}, t0, settings);
		expect(await userForSession(open.db, idle.token, at(29 * MINUTE), settings)).not.toBeNull();
		expect(await userForSession(open.db, idle.token, at(58 * MINUTE), settings)).not.toBeNull();
		expect(await userForSession(open.db, idle.token, at(89 * MINUTE), settings)).toBeNull();

		const [row] = await open.db
			.select()
			.from(authSessions)
			.where(eq(authSessions.id, active.sessionId));
		expect(row).toMatchObject({ userAgent: 'Firefox', address: '10.0.0.7', createdAt: t0 });
		expect(row.expiresAt).toEqual(at(12 * HOUR));
	});

	it('reads the session limits from the environment and refuses nonsense', () => {
		expect(
			authSettings({ WAITWISE_SESSION_HOURS: '8', WAITWISE_SESSION_IDLE_MINUTES: '15' })
		).toMatchObject({
			sessionMs: 8 * HOUR,
			idleMs: 15 * MINUTE
		});
		expect(authSettings({})).toMatchObject({
			sessionMs: 12 * HOUR,
			idleMs: 30 * MINUTE,
			accountLimit: 10
		});
		expect(() => authSettings({ WAITWISE_SESSION_IDLE_MINUTES: 'soon' })).toThrow(
			'WAITWISE_SESSION_IDLE_MINUTES: expected a positive number, got "soon"'
		);
	});

	it('rehashes a password made with older scrypt parameters at the next sign-in', async () => {
		const old = await createUser(
			open.db,
			{
				email: 'old@example.test',
				name: 'Olive Old',
				role: 'records',
				password: 'an old long password'
			},
			null
		);
		const weak = await hashWith(2 ** 14, 'an old long password');
		await open.db.update(users).set({ passwordHash: weak }).where(eq(users.id, old.id));
		expect(needsRehash(weak)).toBe(true);
		expect(await authenticate(open.db, 'old@example.test', 'wrong long password')).toBeNull();
		expect((await storedHash(old.id)) === weak).toBe(true);
		expect(await authenticate(open.db, 'old@example.test', 'an old long password')).not.toBeNull();
		const renewed = await storedHash(old.id);
		expect(renewed.split('$').slice(0, 4)).toEqual(['scrypt', String(2 ** 17), '8', '1']);
		expect(needsRehash(renewed)).toBe(false);
		expect(await authenticate(open.db, 'old@example.test', 'an old long password')).not.toBeNull();
	});

	it('refuses a duplicate or malformed user and changes nothing', async () => {
		const before = await open.db.select().from(auditLog);
		await expect(
			createUser(
				open.db,
				{
					email: 'coord@example.test',
					name: 'X',
					role: 'admin',
					password: 'another long password'
				},
				null
			)
		).rejects.toThrow(AppError);
		await expect(
			createUser(
				open.db,
				{ email: 'not-an-email', name: 'X', role: 'admin', password: 'another long password' },
				null
			)
		).rejects.toThrow(/not an email/);
		await expect(
			createUser(
				open.db,
				{ email: 'short@example.test', name: 'X', role: 'admin', password: 'short' },
				null
			)
		).rejects.toThrow(/12 characters/);
		expect((await open.db.select().from(auditLog)).length).toBe(before.length);
	});
});

describe('cookieFromHeader', () => {
	it('finds one cookie among several', () => {
		expect(cookieFromHeader('a=1; ww_session=abc%3D; b=2', 'ww_session')).toBe('abc=');
		expect(cookieFromHeader('a=1', 'ww_session')).toBeUndefined();
		expect(cookieFromHeader(undefined, 'ww_session')).toBeUndefined();
	});
});
