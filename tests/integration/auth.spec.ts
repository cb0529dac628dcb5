import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { auditLog, authSessions } from '../../db/schema';
import {
	authenticate,
	cookieFromHeader,
	createSession,
	createUser,
	endSession,
	SESSION_TTL_MS,
	userForSession,
	UserInputError
} from '../../src/lib/server/auth';
import { targets } from './databases';

describe.each(targets)('sign-in on $name', (target) => {
	let open: OpenDatabase;
	beforeAll(async () => {
		open = await target.open();
		await createUser(
			open.db,
			{ email: 'Coord@Example.test', name: 'Casey Coordinator', role: 'coordinator', password: 'correct horse battery' },
			null
		);
	});
	afterAll(async () => {
		await open?.close();
	});

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

	it('expires sessions and renews them past half their life', async () => {
		const user = (await authenticate(open.db, 'coord@example.test', 'correct horse battery'))!;
		const t0 = new Date('2030-01-01T08:00:00Z');
		const { token } = await createSession(open.db, user.id, t0);
		const early = await userForSession(open.db, token, new Date(t0.getTime() + 60_000));
		expect(early?.renewed).toBe(false);
		const late = await userForSession(open.db, token, new Date(t0.getTime() + SESSION_TTL_MS * 0.75));
		expect(late?.renewed).toBe(true);
		expect(await userForSession(open.db, token, new Date(t0.getTime() + SESSION_TTL_MS * 3))).toBeNull();
	});

	it('refuses a duplicate or malformed user and changes nothing', async () => {
		const before = await open.db.select().from(auditLog);
		await expect(
			createUser(open.db, { email: 'coord@example.test', name: 'X', role: 'admin', password: 'another long password' }, null)
		).rejects.toThrow(UserInputError);
		await expect(
			createUser(open.db, { email: 'not-an-email', name: 'X', role: 'admin', password: 'another long password' }, null)
		).rejects.toThrow(/not an email/);
		await expect(
			createUser(open.db, { email: 'short@example.test', name: 'X', role: 'admin', password: 'short' }, null)
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
