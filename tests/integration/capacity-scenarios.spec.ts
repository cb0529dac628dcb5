/**
 * Saved capacity planner scenarios (issue 15): a manager names and saves the planner's whole
 * question; anyone who may plan lists and opens it by its id (the shared link) and gets exactly
 * that question back; only its owner deletes it. Every field is checked, and a refusal names the
 * field and changes nothing.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { auditLog, capacityScenarios } from '../../db/schema';
import type { SessionUser } from '../../src/lib/server/auth';
import { parsePlannerQuery } from '../../src/lib/server/capacityPlanner';
import {
	deleteScenario,
	listScenarios,
	openScenario,
	saveScenario
} from '../../src/lib/server/capacityScenarios';
import { targets } from './databases';
import { CENSUS, loadFixture } from './fixtures';
import { signedInUser } from './liveServer';
import { refusal } from './refusal';

const QUESTION =
	'specialty=120&listType=admitted&weeks=30&holdOut=2&by=2026-11-30&target=92&over=52' +
	'&s=Two+more+lists%7C0%7C0%7C2&s=Fewer+referrals%7C-5%7C0%7C0';

describe.each(targets)('saved capacity scenarios on $name', (target) => {
	let open: OpenDatabase;
	let manager: SessionUser;
	let teamLeader: SessionUser;
	const rows = () => open.db.select().from(capacityScenarios);

	beforeAll(async () => {
		open = await target.open();
		await loadFixture(open);
		manager = (await signedInUser(open, 'manager', 'Mo Manager')).user;
		teamLeader = (await signedInUser(open, 'team_leader', 'Tia Lead')).user;
	});
	afterAll(async () => {
		await open.close();
	});

	it('saves the whole question and opens it again, for anyone, exactly as saved', async () => {
		const saved = await saveScenario(
			open.db,
			manager,
			{ name: '  Winter plan  ', search: `?${QUESTION}` },
			CENSUS
		);
		expect(saved).toMatchObject({ name: 'Winter plan', ownerId: manager.id });
		const opened = await openScenario(open.db, saved.id, CENSUS);
		expect(opened.scenario).toMatchObject({
			id: saved.id,
			name: 'Winter plan',
			ownerName: 'Mo Manager'
		});
		expect(opened.query).toEqual(parsePlannerQuery(new URLSearchParams(QUESTION), CENSUS));
		expect(opened.query).toMatchObject({
			specialty: '120',
			listType: 'admitted',
			historyWeeks: 30,
			holdOutWeeks: 2,
			by: '2026-11-30',
			targetPercent: 92,
			overWeeks: 52
		});
		expect(opened.query.scenarios.map((s) => s.name)).toEqual([
			'As now',
			'Two more lists',
			'Fewer referrals'
		]);

		const listed = await listScenarios(open.db);
		expect(listed).toEqual([
			expect.objectContaining({ id: saved.id, name: 'Winter plan', ownerName: 'Mo Manager' })
		]);
		const [audit] = await open.db
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.entity, 'capacity_scenario'), eq(auditLog.entityId, String(saved.id)))
			);
		expect(audit).toMatchObject({ userId: manager.id, action: 'save-capacity-scenario' });
	});

	it.each([
		[{ search: QUESTION }, 'name: give the scenario a name'],
		[{ name: '   ', search: QUESTION }, 'name: give the scenario a name'],
		[{ name: 'x'.repeat(81), search: QUESTION }, 'name: at most 80 characters'],
		[{ name: 'Bad\u0000name', search: QUESTION }, 'name: text may not contain NUL'],
		[{ name: 'No question' }, 'search: the planner question to save'],
		[{ name: 'Unknown', search: `${QUESTION}&colour=red` }, 'search: unknown field "colour"'],
		[{ name: 'Bad hold', search: 'weeks=8&holdOut=6' }, 'holdOut: leaves 2 of 8 weeks'],
		[{ name: 'Bad date', search: 'by=2026-02-30' }, 'by: a date as YYYY-MM-DD, not "2026-02-30"'],
		[{ name: 'Past date', search: 'by=2026-05-01' }, 'by: a date after 2026-06-01'],
		[{ name: 'Bad over', search: 'over=104' }, 'over: a whole number from 1 to 103'],
		[{ name: 'Bad target', search: 'target=100' }, 'target: a whole number from 1 to 99'],
		[{ name: 'Bad list', search: 'listType=urgent' }, 'listType: outpatient or admitted'],
		[
			{ name: 'Bad scenario', search: 's=Lists%7C0%7C0%7C99' },
			'extra sessions a week from -20 to 50'
		]
	])('refuses %j naming the field, saving nothing', async (input, message) => {
		const before = await rows();
		const refused = await refusal(saveScenario(open.db, manager, input, CENSUS));
		expect(refused.status).toBe(400);
		expect(refused.message).toContain(message);
		expect(await rows()).toEqual(before);
	});

	it('refuses a second scenario of the same name from the same person, not from another', async () => {
		const before = await rows();
		const refused = await refusal(
			saveScenario(open.db, manager, { name: 'Winter plan', search: QUESTION }, CENSUS)
		);
		expect(refused.status).toBe(409);
		expect(refused.message).toBe(
			'name: you have already saved a scenario called "Winter plan": choose another name or delete that one'
		);
		expect(await rows()).toEqual(before);
		const theirs = await saveScenario(
			open.db,
			teamLeader,
			{ name: 'Winter plan', search: 'target=80' },
			CENSUS
		);
		expect((await openScenario(open.db, theirs.id, CENSUS)).query.targetPercent).toBe(80);
	});

	it('lets only the owner delete, and says which scenario is not there', async () => {
		const [mine] = (await listScenarios(open.db)).filter((s) => s.ownerId === manager.id);
		const before = await rows();
		const refused = await refusal(deleteScenario(open.db, teamLeader, mine.id));
		expect(refused.status).toBe(403);
		expect(refused.message).toBe('Only Mo Manager, who saved "Winter plan", may delete it');
		expect(await rows()).toEqual(before);

		expect(await deleteScenario(open.db, manager, mine.id)).toEqual({ name: 'Winter plan' });
		expect((await rows()).map((r) => r.id)).not.toContain(mine.id);
		const gone = await refusal(openScenario(open.db, mine.id, CENSUS));
		expect(gone.status).toBe(404);
		expect(gone.message).toBe(`No saved scenario ${mine.id}: it may have been deleted`);
		expect((await refusal(deleteScenario(open.db, manager, mine.id))).status).toBe(404);
	});
});
