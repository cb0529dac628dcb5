/**
 * Every refusal answers the same way, called as SvelteKit calls the routes on a real database:
 * JSON endpoints answer `{ message }` (SvelteKit's own `error()` shape), form actions
 * `fail(status, { message })`, and an id is an id only when written as plain digits from 1 to
 * 2^31 - 1 ("1e3", "01", "1.0" and " 1" were once read as ids).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { registerDatabase, type OpenDatabase } from '../../db';
import { createUser, type SessionUser } from '../../src/lib/server/auth';
import { GET as ptl } from '../../src/routes/api/pathways/+server';
import { GET as requestsOfPathway } from '../../src/routes/api/records/requests/+server';
import { PUT as putWeights } from '../../src/routes/api/settings/planning-weights/+server';
import { GET as breachRisk } from '../../src/routes/api/dashboards/breach-risk/+server';
import { loadBreachRiskView } from '../../src/routes/(app)/dashboards/breach-risk/view.server';
import { actions as admin } from '../../src/routes/(app)/admin/users/+page.server';
import { actions as records } from '../../src/routes/(app)/records/+page.server';
import { targets } from './databases';
import { requestEvent, runAction } from './requestEvent';

const NOT_IDS = ['1e3', '01', '1.0', ' 1', '-1', '0', '2147483648', '0x10'];

describe.each(targets)('refusals on $name', (target) => {
	let open: OpenDatabase;
	let boss: SessionUser;
	let clerk: SessionUser;

	const get = (handler: (e: never) => unknown, path: string, user: SessionUser) =>
		handler(requestEvent(path, { method: 'GET', user }) as never) as Promise<Response>;

	beforeAll(async () => {
		open = await target.open();
		registerDatabase(open);
		const person = (role: SessionUser['role'], n: number) =>
			createUser(
				open.db,
				{ email: `e${n}@example.test`, name: `Person ${n}`, role, password: 'a long password' },
				null
			);
		boss = await person('admin', 1);
		clerk = await person('records', 2);
	});
	afterAll(async () => {
		await open?.close();
	});

	it.each(NOT_IDS)('a query id %j is a 400 naming the field', async (raw) => {
		const res = await get(
			requestsOfPathway,
			`/api/records/requests?pathwayId=${encodeURIComponent(raw)}`,
			clerk
		);
		expect(res.status).toBe(400);
		const body = await res.json();
		expect(body).toEqual({ message: expect.stringMatching(/^pathwayId: not an id/) });
	});

	it.each(NOT_IDS)('a form id %j is a 400 naming the field', async (raw) => {
		const result = await runAction(
			admin.disable,
			requestEvent('/admin/users', { action: 'disable', user: boss, form: { userId: raw } })
		);
		expect(result).toMatchObject({
			status: 400,
			data: { message: expect.stringMatching(/^userId: not an id/) }
		});
		const move = await runAction(
			records.move,
			requestEvent('/records', { action: 'move', user: clerk, form: { id: raw, to: 'pulled' } })
		);
		expect(move).toMatchObject({ status: 400, data: { message: expect.stringMatching(/^id: /) } });
	});

	it('JSON endpoints answer { message }, never { error }', async () => {
		const weights = await putWeights(
			requestEvent('/api/settings/planning-weights', {
				method: 'PUT',
				json: { rttLatePerDay: -1 },
				user: boss
			}) as unknown as RequestEvent<Record<string, never>, '/api/settings/planning-weights'>
		);
		expect(weights.status).toBe(400);
		const body = await weights.json();
		expect(body).toEqual({ message: expect.any(String) });

		const unknownFilter = await get(ptl, '/api/pathways?colour=red', boss);
		expect(unknownFilter.status).toBe(400);
		expect(await unknownFilter.json()).toEqual({ message: 'unknown filter: colour' });

		// numbers in a query are plain digits, as for ids: 1e3 is not page 1000, 0x10 not 16 weeks
		for (const [query, named] of [
			['page=1e3', 'page'],
			['weeks=%2012', 'weeks'],
			['over=52.0', 'over']
		]) {
			const answer = await get(ptl, `/api/pathways?${query}`, boss);
			expect(answer.status, query).toBe(400);
			expect(await answer.json(), query).toEqual({
				message: expect.stringMatching(new RegExp(`^${named}: must be a whole number`))
			});
		}

		// a page size is one the PTL's menu offers, named with the sizes: 0x19 is not 25
		const size = await get(ptl, '/api/pathways?pageSize=0x19', boss);
		expect(size.status).toBe(400);
		expect(await size.json()).toEqual({
			message: 'pageSize: must be one of 25, 50, 100, 200, 500 (not "0x19")'
		});

		const site = await get(breachRisk, '/api/dashboards/breach-risk?site=1e3', boss);
		expect(site.status).toBe(400);
		expect(await site.json()).toEqual({ message: expect.stringMatching(/^site: not an id/) });
	});

	it('the breach-risk page says a filter is not valid, in words, before naming it', async () => {
		await expect(
			loadBreachRiskView(new URL('http://localhost/dashboards/breach-risk?site=1e3'))
		).rejects.toThrow(/^Those filters are not valid: site: not an id/);
	});

	it('form actions fail with { message }', async () => {
		const result = await runAction(
			admin.role,
			requestEvent('/admin/users', {
				action: 'role',
				user: boss,
				form: { userId: String(clerk.id), role: 'overlord' }
			})
		);
		expect(result).toMatchObject({
			status: 400,
			data: { message: expect.stringContaining('role: not a role: overlord') }
		});
		expect((result as { data: object }).data).not.toHaveProperty('error');
	});
});
