/**
 * First run without the demo (issue 14 part 2): a one-time setup code, printed by the server,
 * creates the first administrator once, however many requests race for it.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { auditLog, users } from '../../db/schema';
import { createFirstAdmin, issueSetupCode, needsSetup } from '../../src/lib/server/setup';
import { targets } from './databases';
import { TEST_PASSWORD } from './fixtures';

describe.each(targets)('first administrator on $name', (target) => {
	let open: OpenDatabase;
	beforeAll(async () => {
		open = await target.open();
	});
	afterAll(async () => {
		await open?.close();
	});

	const input = (code: string, n: number) => ({
		code,
		name: `First Admin ${n}`,
		email: `first${n}@setup.test`,
		password: TEST_PASSWORD
	});

	it('refuses a wrong code, a short password, and creates nothing', async () => {
		expect(await needsSetup(open.db)).toBe(true);
		const code = await issueSetupCode(open.db);
		expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
		await expect(createFirstAdmin(open.db, input('AAAA-BBBB-CCCC-DDDD', 1))).rejects.toThrow(
			/setup code is not right/
		);
		await expect(
			createFirstAdmin(open.db, { ...input(code!, 1), password: 'short' })
		).rejects.toThrow(/at least 12 characters/);
		expect(await open.db.select().from(users)).toHaveLength(0);
	});

	it('two requests racing with the right code create one administrator', async () => {
		const code = (await issueSetupCode(open.db))!;
		// another instance of a cluster starting prints its own code: both work
		expect(await issueSetupCode(open.db)).not.toBe(code);
		const results = await Promise.allSettled([
			createFirstAdmin(open.db, input(code, 2)),
			createFirstAdmin(open.db, input(code, 3))
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(String(refused.reason)).toMatch(/already set up/);
		const admins = await open.db.select().from(users).where(eq(users.role, 'admin'));
		expect(admins).toHaveLength(1);
		const audit = await open.db.select().from(auditLog).where(eq(auditLog.entity, 'user'));
		expect(audit.map((a) => a.action)).toEqual(['create-first-admin']);
	});

	it('once an administrator exists there is no code and no setup', async () => {
		expect(await needsSetup(open.db)).toBe(false);
		expect(await issueSetupCode(open.db)).toBeNull();
		await expect(createFirstAdmin(open.db, input('AAAA-BBBB-CCCC-DDDD', 4))).rejects.toThrow(
			/already set up/
		);
	});
});
