/**
 * Saved PTL views (issue 12): a coordinator names and saves the PTL's filters, sort and page
 * size as its query string; their views are listed for them alone, each a PTL link that anyone
 * who may open the PTL can follow to the same list; only the person who saved a view deletes it.
 * Every field is checked by the PTL's own filter reader, and a refusal names it and changes
 * nothing.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { auditLog, ptlViews } from '../../db/schema';
import type { SessionUser } from '../../src/lib/server/auth';
import { parsePtlFilters, queryPtl } from '../../src/lib/server/ptl';
import { deleteView, listViews, saveView } from '../../src/lib/server/ptlViews';
import { targets } from './databases';
import { CENSUS, loadFixture } from './fixtures';
import { signedInUser } from './liveServer';
import { refusal } from './refusal';

const VIEW = 'specialty=120&listType=outpatient&sort=wait&dir=desc&pageSize=25';

describe.each(targets)('saved PTL views on $name', (target) => {
	let open: OpenDatabase;
	let coordinator: SessionUser;
	let teamLeader: SessionUser;
	const rows = () => open.db.select().from(ptlViews);

	beforeAll(async () => {
		open = await target.open();
		await loadFixture(open);
		coordinator = (await signedInUser(open, 'coordinator', 'Cal Coordinator')).user;
		teamLeader = (await signedInUser(open, 'team_leader', 'Tia Lead')).user;
	});
	afterAll(async () => {
		await open.close();
	});

	it('saves the filters, sort and page size (not the page) and lists them for their owner alone', async () => {
		const saved = await saveView(open.db, coordinator, {
			name: '  Outpatients by wait  ',
			search: `?${VIEW}&page=3&q=&booked=`
		});
		expect(saved).toMatchObject({ name: 'Outpatients by wait', ownerId: coordinator.id });
		// the page number and empty filters are no part of a view
		expect(saved.search).toBe(VIEW);

		expect(await listViews(open.db, coordinator)).toEqual([
			expect.objectContaining({ id: saved.id, name: 'Outpatients by wait', search: VIEW })
		]);
		expect(await listViews(open.db, teamLeader)).toEqual([]);

		// the view's link asks the PTL exactly what was shown: same rows, same order, same size
		const shown = await queryPtl(
			open.db,
			parsePtlFilters(new URLSearchParams(`${VIEW}&page=1`)),
			CENSUS
		);
		const opened = await queryPtl(
			open.db,
			parsePtlFilters(new URLSearchParams(saved.search)),
			CENSUS
		);
		expect(opened.items.map((i) => i.id)).toEqual(shown.items.map((i) => i.id));
		expect(opened.items.length).toBeGreaterThan(1);
		expect(opened.pageSize).toBe(25);

		const [audit] = await open.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entity, 'ptl_view'), eq(auditLog.entityId, String(saved.id))));
		expect(audit).toMatchObject({
			userId: coordinator.id,
			action: 'save-ptl-view',
			after: { name: 'Outpatients by wait', search: VIEW }
		});
	});

	it.each([
		[{ search: VIEW }, 'name: give the view a name'],
		[{ name: '   ', search: VIEW }, 'name: give the view a name'],
		[{ name: 'x'.repeat(81), search: VIEW }, 'name: at most 80 characters'],
		[{ name: 'Bad\u0000name', search: VIEW }, 'name: text may not contain NUL'],
		[{ name: 'No view' }, 'search: the PTL filters to save, as its link writes them'],
		[{ name: 'Unknown', search: `${VIEW}&colour=red` }, 'unknown filter: colour'],
		[{ name: 'Bad priority', search: 'priority=P9' }, 'priority:'],
		[{ name: 'Bad sort', search: 'sort=colour' }, 'sort:'],
		[{ name: 'Bad size', search: 'pageSize=30' }, 'pageSize: must be one of 25, 50, 100, 200, 500'],
		[{ name: 'Bad page', search: 'page=0' }, 'page: must be a whole number'],
		[
			{ name: 'Too long', search: `q=${'a'.repeat(2000)}` },
			'search: at most 1000 characters of filters'
		]
	])('refuses %j naming the field, saving nothing', async (input, message) => {
		const before = await rows();
		const refused = await refusal(saveView(open.db, coordinator, input));
		expect(refused.status).toBe(400);
		expect(refused.message).toContain(message);
		expect(await rows()).toEqual(before);
	});

	it('refuses a second view of the same name from the same person, not from another', async () => {
		const before = await rows();
		const refused = await refusal(
			saveView(open.db, coordinator, { name: 'Outpatients by wait', search: 'rtt=past' })
		);
		expect(refused.status).toBe(409);
		expect(refused.message).toBe(
			'name: you have already saved a view called "Outpatients by wait": choose another name or delete that one'
		);
		expect(await rows()).toEqual(before);
		const theirs = await saveView(open.db, teamLeader, {
			name: 'Outpatients by wait',
			search: 'rtt=past'
		});
		expect(theirs.search).toBe('rtt=past');
		expect((await listViews(open.db, teamLeader)).map((v) => v.id)).toEqual([theirs.id]);
	});

	it('lets only the owner delete, audited, and says which view is not there', async () => {
		const [mine] = await listViews(open.db, coordinator);
		const before = await rows();
		const refused = await refusal(deleteView(open.db, teamLeader, mine.id));
		expect(refused.status).toBe(403);
		expect(refused.message).toBe(
			'Only Cal Coordinator, who saved "Outpatients by wait", may delete it'
		);
		expect(await rows()).toEqual(before);

		expect(await deleteView(open.db, coordinator, mine.id)).toEqual({
			name: 'Outpatients by wait'
		});
		expect((await rows()).map((r) => r.id)).not.toContain(mine.id);
		expect(await listViews(open.db, coordinator)).toEqual([]);
		const [audit] = await open.db
			.select()
			.from(auditLog)
			.where(
				and(
					eq(auditLog.entity, 'ptl_view'),
					eq(auditLog.entityId, String(mine.id)),
					eq(auditLog.action, 'delete-ptl-view')
				)
			);
		expect(audit).toMatchObject({
			userId: coordinator.id,
			before: { name: 'Outpatients by wait', search: VIEW }
		});
		const gone = await refusal(deleteView(open.db, coordinator, mine.id));
		expect(gone.status).toBe(404);
		expect(gone.message).toBe(`No saved view ${mine.id}: it may have been deleted`);
	});
});
