/**
 * Each person's sessions and the admin's users page, through their real form actions on a real
 * database: who may see and end which sessions, disabling, role changes and unlocking, audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { registerDatabase, type OpenDatabase } from '../../db';
import { auditLog, authSessions, ROLES, signInFailures, users } from '../../db/schema';
import {
	attemptSignIn,
	createSession,
	createUser,
	userForSession,
	type SessionUser
} from '../../src/lib/server/auth';
import { accessFor } from '../../src/lib/server/roles';
import {
	actions as mine,
	load as mineLoad
} from '../../src/routes/(app)/account/sessions/+page.server';
import {
	actions as admin,
	load as adminLoad
} from '../../src/routes/(app)/admin/users/+page.server';
import { targets } from './databases';
import { requestEvent, runAction } from './requestEvent';

const PASSWORD = 'a long test password';

describe('who may open the account pages', () => {
	it.each([
		['/account/sessions', ROLES],
		['/admin/users', ['admin']]
	] as const)('%s', (path, allowed) => {
		for (const role of ROLES) {
			expect(accessFor(path, role), role).toBe(
				(allowed as readonly string[]).includes(role) ? 'allow' : 'forbidden'
			);
		}
		expect(accessFor(path, null)).toBe('sign-in');
	});
});

describe.each(targets)('sessions and accounts on $name', (target) => {
	let open: OpenDatabase;
	let boss: SessionUser;
	let n = 0;
	const person = async (role: SessionUser['role'] = 'records') =>
		createUser(
			open.db,
			{ email: `p${++n}@example.test`, name: `Person ${n}`, role, password: PASSWORD },
			null
		);
	const signIn = async (user: SessionUser, userAgent: string) => {
		const s = await createSession(open.db, user.id, { userAgent, address: '10.0.0.1' });
		return s;
	};
	const as = (
		action: string,
		user: SessionUser,
		sessionId: string | null,
		form: Record<string, string>,
		path = '/account/sessions'
	) => requestEvent(path, { form, user, sessionId, action });
	const audit = async (entityId: number) =>
		(
			await open.db
				.select()
				.from(auditLog)
				.where(eq(auditLog.entityId, String(entityId)))
		).map((a) => a.action);

	beforeAll(async () => {
		open = await target.open();
		registerDatabase(open);
		boss = await person('admin');
	});
	afterAll(async () => {
		await open?.close();
	});

	it('lists your own sessions, ends one, and ends all the others but this one', async () => {
		const me = await person();
		const here = await signIn(me, 'Firefox on the ward PC');
		const there = await signIn(me, 'Chrome at home');
		const third = await signIn(me, 'Edge in clinic');
		const stranger = await signIn(await person(), 'Safari');
		const page = (await mineLoad(
			requestEvent('/account/sessions', {
				method: 'GET',
				user: me,
				sessionId: here.sessionId
			}) as never
		)) as {
			sessions: { id: string; userAgent: string; address: string }[];
			current: string;
		};
		expect(page.sessions.map((s) => s.userAgent).sort()).toEqual([
			'Chrome at home',
			'Edge in clinic',
			'Firefox on the ward PC'
		]);
		expect(page.sessions.every((s) => s.address === '10.0.0.1')).toBe(true);
		expect(page.current).toBe(here.sessionId);

		expect(
			await runAction(mine.end, as('end', me, here.sessionId, { sessionId: there.sessionId }))
		).toEqual({
			ok: 'That session is signed out'
		});
		expect(await userForSession(open.db, there.token)).toBeNull();
		// Someone else's session id is not yours to end: refused, and it lives on.
		expect(
			await runAction(mine.end, as('end', me, here.sessionId, { sessionId: stranger.sessionId }))
		).toMatchObject({
			status: 404
		});
		expect(await userForSession(open.db, stranger.token)).not.toBeNull();

		expect(await runAction(mine.others, as('others', me, here.sessionId, {}))).toEqual({
			ok: '1 other session signed out'
		});
		expect(await userForSession(open.db, third.token)).toBeNull();
		expect(await userForSession(open.db, here.token)).not.toBeNull();

		const out = as('everywhere', me, here.sessionId, {});
		out.jar.set('ww_session', here.token);
		expect(await runAction(mine.everywhere, out)).toMatchObject({
			status: 303,
			location: '/login'
		});
		expect(await userForSession(open.db, here.token)).toBeNull();
		expect(out.jar.has('ww_session')).toBe(false);
		expect(await audit(me.id)).toEqual(expect.arrayContaining(['end-session', 'end-all-sessions']));
	});

	it('lets an admin disable and enable an account, signing it out everywhere', async () => {
		const clerk = await person();
		const s = await signIn(clerk, 'Firefox');
		const event = as('disable', boss, null, { userId: String(clerk.id) }, '/admin/users');
		expect(await runAction(admin.disable, event)).toEqual({
			ok: 'The account is disabled and signed out everywhere'
		});
		expect(await userForSession(open.db, s.token)).toBeNull();
		expect(
			await open.db.select().from(authSessions).where(eq(authSessions.userId, clerk.id))
		).toEqual([]);
		expect(
			(await attemptSignIn(open.db, clerk.email, PASSWORD, { address: '10.0.0.2' })).kind
		).toBe('wrong');
		await runAction(
			admin.enable,
			as('enable', boss, null, { userId: String(clerk.id) }, '/admin/users')
		);
		expect(
			(await attemptSignIn(open.db, clerk.email, PASSWORD, { address: '10.0.0.2' })).kind
		).toBe('signed-in');
		expect(await audit(clerk.id)).toEqual(expect.arrayContaining(['disable-user', 'enable-user']));
	});

	it('lets an admin change a role, refusing nonsense and their own', async () => {
		const clerk = await person();
		const s = await signIn(clerk, 'Firefox');
		const change = (userId: number, role: string) =>
			runAction(
				admin.role,
				as('role', boss, null, { userId: String(userId), role }, '/admin/users')
			);
		expect(await change(clerk.id, 'team_leader')).toMatchObject({
			ok: expect.stringContaining('Team leader')
		});
		// The session lives on and each request sees the new role.
		expect((await userForSession(open.db, s.token))?.user.role).toBe('team_leader');
		expect(await change(clerk.id, 'overlord')).toMatchObject({
			status: 400,
			data: { message: expect.stringContaining('role: not a role: overlord') }
		});
		expect(await change(boss.id, 'records')).toMatchObject({ status: 409 });
		expect(await change(99999999999, 'records')).toMatchObject({ status: 400 });
		expect(
			(await open.db.select().from(auditLog).where(eq(auditLog.action, 'change-role'))).map((a) => [
				a.entityId,
				a.before,
				a.after
			])
		).toEqual([[String(clerk.id), { role: 'records' }, { role: 'team_leader' }]]);
		expect(
			await runAction(
				admin.disable,
				as('disable', boss, null, { userId: String(boss.id) }, '/admin/users')
			)
		).toMatchObject({
			status: 409
		});
	});

	it('shows a locked sign-in to the admin, who can unlock it', async () => {
		const clerk = await person();
		// Ten failures just now (written directly: the throttle's own tests drive real attempts).
		await open.db.insert(signInFailures).values(
			Array.from({ length: 10 }, () => ({
				at: new Date(),
				email: clerk.email,
				address: '10.9.9.9'
			}))
		);
		expect(
			(await attemptSignIn(open.db, clerk.email, PASSWORD, { address: '10.9.9.8' })).kind
		).toBe('throttled');
		const page = (await adminLoad(
			requestEvent(`/admin/users?user=${clerk.id}`, { method: 'GET', user: boss }) as never
		)) as {
			accounts: { id: number; lockedUntil: string | null }[];
			chosen: { id: number };
		};
		expect(page.accounts.find((a) => a.id === clerk.id)?.lockedUntil).not.toBeNull();
		expect(page.chosen.id).toBe(clerk.id);
		expect(
			await runAction(
				admin.unlock,
				as('unlock', boss, null, { userId: String(clerk.id) }, '/admin/users')
			)
		).toEqual({
			ok: 'Sign-in unlocked (10 failed attempts forgotten)'
		});
		expect(
			(await attemptSignIn(open.db, clerk.email, PASSWORD, { address: '10.9.9.8' })).kind
		).toBe('signed-in');
		expect(await audit(clerk.id)).toContain('unlock-sign-in');
		const rows = await open.db
			.select({ active: users.active })
			.from(users)
			.where(inArray(users.id, [clerk.id]));
		expect(rows).toEqual([{ active: true }]);
	});
});
