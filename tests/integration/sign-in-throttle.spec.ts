/**
 * Sign-in throttling on a real database, through the real login endpoint and form: an account
 * with ten failures in fifteen minutes is answered 429 with Retry-After even for the right
 * password; an address spraying many accounts is throttled itself and its failures stop counting
 * against them; parallel guesses cannot slip past the limit; all of it audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { registerDatabase, type OpenDatabase } from '../../db';
import { auditLog, signInFailures } from '../../db/schema';
import { attemptSignIn, createUser, SESSION_COOKIE } from '../../src/lib/server/auth';
import { authSettings } from '../../src/lib/server/authSettings';
import { unlockEmail } from '../../src/lib/server/signInThrottle';
import { POST as loginApi } from '../../src/routes/api/auth/login/+server';
import { actions as loginForm } from '../../src/routes/login/+page.server';
import { targets } from './databases';
import { requestEvent, runAction } from './requestEvent';

const PASSWORD = 'the right long password';
const MINUTE = 60_000;

describe.each(targets)('sign-in throttling on $name', (target) => {
	let open: OpenDatabase;
	let n = 0;
	const account = async () => {
		const email = `person${++n}@example.test`;
		await createUser(
			open.db,
			{ email, name: `Person ${n}`, role: 'coordinator', password: PASSWORD },
			null
		);
		return email;
	};
	const login = (email: string, password: string, address = '192.0.2.1') =>
		loginApi(requestEvent('/api/auth/login', { json: { email, password }, address }) as never);
	const audits = async (actions: string[]) =>
		(await open.db.select().from(auditLog).where(inArray(auditLog.action, actions))).map((a) => ({
			action: a.action,
			after: a.after
		}));

	beforeAll(async () => {
		open = await target.open();
		registerDatabase(open);
	});
	afterAll(async () => {
		await open?.close();
	});

	let lockedEmail = '';
	it('answers 429 with Retry-After after ten failures, even for the right password', async () => {
		const email = await account();
		lockedEmail = email;
		for (let i = 0; i < 10; i++)
			expect((await login(email, 'wrong password here')).status).toBe(401);
		const refused = await login(email, PASSWORD);
		expect(refused.status).toBe(429);
		const wait = Number(refused.headers.get('retry-after'));
		expect(wait).toBeGreaterThan(14 * 60);
		expect(wait).toBeLessThanOrEqual(15 * 60);
		expect(await refused.json()).toMatchObject({
			message: expect.stringContaining('Try again in 15 minutes'),
			retryAfterSeconds: wait
		});
		// The 429s are not failures: they do not push the wait further out.
		expect((await login(email, 'wrong password here')).status).toBe(429);
		expect(
			(await open.db.select().from(signInFailures)).filter((f) => f.email === email)
		).toHaveLength(10);
		// Another account from the same address is not affected.
		const other = await account();
		expect((await login(other, PASSWORD)).status).toBe(200);
		const trail = (await audits(['sign-in-failed', 'sign-in-locked'])).filter(
			(a) => (a.after as { email: string }).email === email
		);
		expect(trail.filter((a) => a.action === 'sign-in-failed')).toHaveLength(10);
		expect(trail.filter((a) => a.action === 'sign-in-locked')).toEqual([
			{
				action: 'sign-in-locked',
				after: { email, address: '192.0.2.1', failures: 10, windowMinutes: 15 }
			}
		]);
	});

	it('the no-JavaScript form says how long to wait', async () => {
		// The account the test above locked is locked from every address.
		const email = lockedEmail;
		const event = requestEvent('/login', {
			form: { email, password: PASSWORD },
			address: '192.0.2.9'
		});
		const result = (await runAction(loginForm.default, event)) as {
			status: number;
			data: { message: string };
		};
		expect(result.status).toBe(429);
		expect(result.data.message).toMatch(
			/^Too many failed sign-in attempts\. Try again in 15 minutes/
		);
		expect(Number(event.headers['retry-after'])).toBeGreaterThan(0);
		expect(event.jar.has(SESSION_COOKIE)).toBe(false);
	});

	it('unlocks by itself when the window passes, or when an admin unlocks it', async () => {
		const settings = { ...authSettings({}), accountLimit: 3 };
		const email = await account();
		const t0 = new Date('2031-03-01T09:00:00Z');
		const at = (ms: number) => new Date(t0.getTime() + ms);
		const from = { address: '198.51.100.7' };
		for (let i = 0; i < 3; i++) {
			expect(await attemptSignIn(open.db, email, 'wrong', from, at(i * MINUTE), settings)).toEqual({
				kind: 'wrong'
			});
		}
		expect(await attemptSignIn(open.db, email, PASSWORD, from, at(5 * MINUTE), settings)).toEqual({
			kind: 'throttled',
			retryAfterSeconds: 10 * 60
		});
		// The first failure leaves the window at 15 minutes.
		expect(
			(await attemptSignIn(open.db, email, PASSWORD, from, at(15 * MINUTE + 1000), settings)).kind
		).toBe('signed-in');
		for (let i = 0; i < 3; i++)
			await attemptSignIn(open.db, email, 'wrong', from, at(20 * MINUTE), settings);
		expect(
			(await attemptSignIn(open.db, email, PASSWORD, from, at(21 * MINUTE), settings)).kind
		).toBe('throttled');
		// The admin forgets all its failures, the expired ones too.
		expect(await unlockEmail(open.db, email)).toBe(6);
		expect(
			(await attemptSignIn(open.db, email, PASSWORD, from, at(21 * MINUTE), settings)).kind
		).toBe('signed-in');
	});

	it('throttles an address that sprays accounts, and its failures stop locking them', async () => {
		const settings = { ...authSettings({}), accountLimit: 3, addressLimit: 5 };
		const [victimA, victimB] = [await account(), await account()];
		const now = new Date('2032-01-01T09:00:00Z');
		const attacker = { address: '203.0.113.66' };
		for (let i = 0; i < 3; i++)
			await attemptSignIn(open.db, victimA, 'guess', attacker, now, settings);
		// victimA is locked for everyone for now…
		expect(
			(await attemptSignIn(open.db, victimA, PASSWORD, { address: '10.1.1.1' }, now, settings)).kind
		).toBe('throttled');
		for (let i = 0; i < 2; i++)
			await attemptSignIn(open.db, victimB, 'guess', attacker, now, settings);
		// …until the attacker's address reaches its own limit: then it is refused, whatever it tries…
		expect(await attemptSignIn(open.db, victimB, PASSWORD, attacker, now, settings)).toMatchObject({
			kind: 'throttled'
		});
		// …and its failures no longer count against the people it guessed at.
		expect(
			(await attemptSignIn(open.db, victimA, PASSWORD, { address: '10.1.1.1' }, now, settings)).kind
		).toBe('signed-in');
		expect((await audits(['sign-in-address-throttled'])).map((a) => a.after)).toContainEqual({
			failures: 5,
			windowMinutes: 15
		});
	});

	it('lets no parallel guesses past the limit', async () => {
		const settings = { ...authSettings({}), accountLimit: 3 };
		const email = await account();
		const results = await Promise.all(
			Array.from({ length: 8 }, (_, i) =>
				attemptSignIn(
					open.db,
					email,
					`wrong guess ${i}`,
					{ address: '192.0.2.44' },
					new Date(),
					settings
				)
			)
		);
		const kinds = results.map((r) => r.kind);
		expect(kinds.filter((k) => k === 'wrong')).toHaveLength(3);
		expect(kinds.filter((k) => k === 'throttled')).toHaveLength(5);
	});
});
