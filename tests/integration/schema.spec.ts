import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { auditLog, bookings, sessions, users } from '../../db/schema';
import { writeAudit } from '../../src/lib/server/audit';
import { revealNhsNumber } from '../../src/lib/server/nhsNumber';
import { loadFixture } from './fixtures';
import { targets } from './databases';

describe.each(targets)('database rules on $name', (target) => {
	let open: OpenDatabase;
	let ids: Record<string, number>;
	beforeAll(async () => {
		open = await target.open();
		ids = await loadFixture(open);
	});
	afterAll(async () => {
		await open?.close();
	});

	it('keeps the audit log append-only', async () => {
		await writeAudit(open.db, {
			userId: null,
			action: 'test',
			entity: 'thing',
			entityId: 1,
			after: { a: 1 }
		});
		await expect(open.query(`update audit_log set action = 'forged'`)).rejects.toThrow(
			/append-only/
		);
		await expect(open.query(`delete from audit_log`)).rejects.toThrow(/append-only/);
		const rows = await open.db.select().from(auditLog);
		expect(rows.some((r) => r.action === 'test')).toBe(true);
		expect(rows.some((r) => r.action === 'forged')).toBe(false);
	});

	it('allows one live booking per pathway', async () => {
		const [session] = await open.db.select().from(sessions).limit(1);
		await expect(
			open.db.insert(bookings).values({ pathwayId: ids.d, sessionId: session.id })
		).rejects.toThrow();
		// a cancelled booking beside the live one is fine
		await open.db
			.insert(bookings)
			.values({ pathwayId: ids.d, sessionId: session.id, status: 'cancelled' });
	});

	it('refuses values outside the domain', async () => {
		await expect(
			open.query(`update pathways set priority = 'P9' where id = $1`, [ids.a])
		).rejects.toThrow();
		await expect(
			open.query(`update pathways set list_type = 'inpatient' where id = $1`, [ids.a])
		).rejects.toThrow();
		await expect(
			open.query(`update pathways set expected_minutes = 0 where id = $1`, [ids.a])
		).rejects.toThrow();
	});

	it('audits every NHS number reveal', async () => {
		const [user] = await open.db
			.insert(users)
			.values({ email: 'c@example.test', name: 'C', role: 'coordinator', passwordHash: 'x' })
			.returning();
		const nhs = await revealNhsNumber(open.db, ids.a, user.id);
		expect(nhs).toMatch(/^999 000 \d{4}$/);
		const rows = await open.query<{ user_id: number; after: { pathwayId: number } }>(
			`select user_id, after from audit_log where action = 'reveal-nhs-number'`
		);
		expect(rows).toEqual([{ user_id: user.id, after: { pathwayId: ids.a } }]);
		expect(await revealNhsNumber(open.db, 999_999, user.id)).toBeNull();
	});
});
