/**
 * One count, every page: the summarising backlog as the records dashboard, the office display,
 * the summarising queue and the team page show it, on a queue longer than any page. The issue
 * this guards against: the dashboard said 317, the queue 300 and the team page 0 unassigned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { caseNoteRequests, summarisingItems } from '../../db/schema';
import { recordsDisplayPanels } from '../../src/lib/contracts/dashboards/records';
import type { SessionUser } from '../../src/lib/server/auth';
import { recordsDashboard } from '../../src/lib/server/dashboards/records';
import { recordsPanel } from '../../src/lib/server/displays/panels';
import { summarisingQueue } from '../../src/lib/server/records/summarising';
import { teamView } from '../../src/lib/server/records/team';
import { targets } from './databases';
import { addLibrary, addPatient, addTestSite, addUser } from './fixtures';

/** Wednesday 25 November 2026, 11:00 London. */
const NOW = new Date(Date.UTC(2026, 10, 25, 11, 0));
const DAY = 86_400_000;
const AWAITING = 320;
const CLAIMED = 18;
const COMPLETED = 25;

describe.each(targets)('summarising counts on $name', (target) => {
	let open: OpenDatabase;
	let hannah: SessionUser;
	let marek: SessionUser;
	let patientId: number;

	beforeAll(async () => {
		open = await target.open();
		hannah = await addUser(open, 'summariser', 'Hannah Lee', 'counts.test');
		marek = await addUser(open, 'summariser', 'Marek Nowak', 'counts.test');
		patientId = await addPatient(open, { nhsNumber: '9994440001', familyName: 'Count' });
		const rows: (typeof summarisingItems.$inferInsert)[] = [];
		// received from 1 to 40 days ago, so the queue's oldest is 40 days old
		const received = (k: number) => new Date(NOW.getTime() - (1 + (k % 40)) * DAY);
		for (let k = 0; k < AWAITING; k++) {
			rows.push({ patientId, source: 'clinic letter', receivedAt: received(k) });
		}
		for (let k = 0; k < CLAIMED; k++) {
			rows.push({
				patientId,
				source: 'discharge summary',
				receivedAt: received(k),
				status: 'claimed',
				claimedBy: k % 3 === 0 ? hannah.id : marek.id,
				claimedAt: new Date(NOW.getTime() - 2 * DAY)
			});
		}
		for (let k = 0; k < COMPLETED; k++) {
			rows.push({
				patientId,
				source: 'clinic letter',
				receivedAt: new Date(NOW.getTime() - 50 * DAY),
				status: 'completed',
				completedBy: hannah.id,
				completedAt: new Date(NOW.getTime() - 3 * DAY),
				summary: {}
			});
		}
		await open.db.insert(summarisingItems).values(rows);
	});
	afterAll(async () => {
		await open?.close();
	});

	it('gives the dashboard, the office display, the queue and the team page the same backlog', async () => {
		const figures = await recordsDashboard(open.db, { siteId: null, weeks: 2 }, NOW);
		const dashboard = figures.summarising;
		const queue = await summarisingQueue(open.db, hannah.id, { now: NOW });
		const team = await teamView(open.db, NOW);

		// the dashboard: not yet summarised = awaiting + being summarised; completed work is not backlog
		expect([dashboard.awaiting, dashboard.claimed, dashboard.backlog]).toEqual([
			AWAITING,
			CLAIMED,
			AWAITING + CLAIMED
		]);
		expect(dashboard.oldestAgeDays).toBe(40);

		// the office display shows the same figure, under a label that says what it counts
		const panel = recordsPanel('summarising', recordsDisplayPanels(figures))!;
		expect(panel.figures[0]).toMatchObject({
			label: 'Not yet summarised',
			value: AWAITING + CLAIMED
		});

		// the queue: one page of the awaiting items, but the totals are the whole backlog's
		expect(queue.awaiting).toHaveLength(queue.pageSize);
		expect(queue.awaitingTotal).toBe(AWAITING);
		expect(queue.backlog).toEqual({
			awaiting: dashboard.awaiting,
			claimed: dashboard.claimed,
			total: dashboard.backlog,
			oldestReceivedAt: dashboard.oldestReceivedAt,
			oldestAgeDays: 40
		});
		expect(queue.mine.length + queue.claimed.length).toBe(CLAIMED);

		// the team page: what nobody holds is the awaiting queue; what people hold is the claims
		expect(team.unassigned.byKind.summary).toBe(AWAITING);
		expect(team.people.reduce((n, p) => n + p.byKind.summary, 0)).toBe(CLAIMED);
		const aged = (p: (typeof team.people)[number]) =>
			Object.values(p.byAge).reduce((n, v) => n + v, 0);
		// every unassigned item is in an age band, case-note requests (none here) and summaries alike
		expect(aged(team.unassigned)).toBe(AWAITING);
		expect(team.unassigned.byAge['over a week']).toBe(
			Array.from({ length: AWAITING }, (_, k) => 1 + (k % 40)).filter((d) => d > 7).length
		);
	});

	it('gives the dashboard and the team page the same outstanding case-note requests', async () => {
		// case-note requests: open and due (some held, most not), closed, and not due until next week
		const rita = await addUser(open, 'records', 'Rita Records', 'counts.test');
		const libraryId = await addLibrary(open, await addTestSite(open, ['120']));
		const request = (k: number, values: Partial<typeof caseNoteRequests.$inferInsert>) => ({
			patientId,
			reason: 'clinic' as const,
			urgency: 'routine' as const,
			neededBy: new Date(NOW.getTime() + DAY),
			requestedAt: new Date(NOW.getTime() - (20 + (k % 30)) * DAY),
			homeLocationId: libraryId,
			pullOn: new Date(NOW.getTime() - (k % 12) * DAY).toISOString().slice(0, 10),
			...values
		});
		await open.db
			.insert(caseNoteRequests)
			.values([
				...Array.from({ length: 310 }, (_, k) => request(k, {})),
				...Array.from({ length: 12 }, (_, k) =>
					request(k, { status: 'located', locatedAt: NOW, assignedTo: rita.id })
				),
				...Array.from({ length: 9 }, (_, k) =>
					request(k, { status: 'withdrawn', withdrawnAt: NOW })
				),
				...Array.from({ length: 7 }, (_, k) => request(k, { pullOn: '2026-12-02' }))
			]);

		const figures = await recordsDashboard(open.db, { siteId: null, weeks: 2 }, NOW);
		const team = await teamView(open.db, NOW);
		const held = team.people.reduce((n, p) => n + p.byKind.request, 0);
		expect([figures.outstanding.total, held, team.unassigned.byKind.request]).toEqual([
			310 + 12,
			12,
			310
		]);
	});
});
