/**
 * The breach-risk figures against answers worked out another way: by hand on the small fixture,
 * and on a generated trust by plain SQL for the raw rows plus the domain's own rules in
 * TypeScript. Every drill-down must list exactly the patients its figure counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { loadDemoTrust } from '../../db/demo';
import type { DashboardFilters } from '../../src/lib/contracts/dashboards/breachRisk';
import {
	addDays,
	daysWaited,
	priorityDueDate,
	weekBand,
	type Priority
} from '../../src/lib/domain/rtt';
import { breachRisk } from '../../src/lib/server/dashboards/breachRisk';
import { fillSnapshots, takeSnapshot } from '../../src/lib/server/dashboards/snapshots';
import { mondayOf } from '../../src/lib/domain/workingTime';
import { parsePtlFilters, queryPtl } from '../../src/lib/server/ptl';
import { targets } from './databases';
import { CENSUS, loadFixture } from './fixtures';

const ALL: DashboardFilters = { specialty: [], listType: null, siteId: null };

describe.each(targets)('breach-risk figures on $name', (target) => {
	it('counts a pathway whose status says open in the snapshot as in the live tiles, whatever its stop date says', async () => {
		// A running clock with a stale stop date (an import, an old correction): the status is the
		// record of whether the clock runs. The snapshot used to leave it out while the PTL and the
		// live tiles counted it, so this Monday's trend point disagreed with the tiles beside it.
		const open = await target.open();
		try {
			await loadFixture(open);
			await open.query(
				`update pathways set clock_stopped_on = $1::date - 30
				 where id = (select min(id) from pathways where rtt_status = '20')`,
				[CENSUS]
			);
			await takeSnapshot(open.db, CENSUS, 'Europe/London');
			const [snap] = await open.query<{ total: number }>(
				`select sum(total)::int as total from waitlist_snapshots where census = $1`,
				[CENSUS]
			);
			expect(snap.total).toBe((await breachRisk(open.db, ALL, CENSUS)).tiles.total);
		} finally {
			await open.close();
		}
	});

	describe('on the hand-made list', () => {
		let open: OpenDatabase;
		beforeAll(async () => {
			open = await target.open();
			await loadFixture(open);
		});
		afterAll(async () => {
			await open?.close();
		});

		it('gives the tiles worked out by hand', async () => {
			const d = await breachRisk(open.db, ALL, CENSUS);
			// open: a 10 P4, b 126 P3, c 127 P2 (decided 40 days ago: due 12 days ago, unbooked),
			// d 365 P3 booked, e 729 P4, f 400 P1b (decided yesterday: due in 2 days), g 60, h 456 booked
			expect(d.tiles).toEqual({
				total: 8,
				within18: 3,
				within18Pct: 37.5,
				over52: 4,
				over65: 2,
				over78: 1,
				over104: 1,
				// c only: P2 decided 40 days ago was due 12 days ago (P3s decided 5 days ago are not due;
				// f's P1b decided yesterday is due tomorrow but one)
				pcodeOverdue: 1,
				unbooked: 6,
				breachSoonUnbooked: 1 // b: 126 days, unbooked (a, g are far from 18 weeks)
			});
			const band = (week: number) => d.distribution.find((w) => w.week === week)?.count;
			expect(band(2)).toBe(1); // 10 days
			expect(band(18)).toBe(1); // 126 days
			expect(band(19)).toBe(1); // 127 days
			expect(band(53)).toBe(1); // 365 days
			expect(band(105)).toBe(1); // 729 days: over 104 weeks
			expect(d.bySpecialty.map((s) => [s.specialty, s.total, s.unbooked])).toEqual([
				['110', 4, 3],
				['120', 4, 3]
			]);
		});

		it('narrows by list type', async () => {
			const d = await breachRisk(open.db, { ...ALL, listType: 'admitted' }, CENSUS);
			expect(d.tiles.total).toBe(4); // c, d, e, f
			expect(d.tiles.within18).toBe(0);
		});
	});

	describe('on a generated trust', () => {
		let open: OpenDatabase;
		const today = '2026-06-03';
		beforeAll(async () => {
			open = await target.open();
			await loadDemoTrust(open, { seed: 5, pathways: 1500, today, log: () => {} });
		}, 120_000);
		afterAll(async () => {
			await open?.close();
		});

		/** The raw open pathways by plain SQL; every rule applied below in TypeScript. */
		async function independent(filters: {
			specialty?: string;
			listType?: string;
			siteId?: number;
		}) {
			const rows = await open.query<{
				specialty: string;
				clock_start: string;
				priority: Priority | null;
				decision_date: string | null;
				booked_date: string | null;
			}>(
				`select p.specialty_code as specialty, p.clock_start, p.priority, p.decision_date,
					(select s.date from bookings b join sessions s on s.id = b.session_id
					 where b.pathway_id = p.id and b.status = 'booked') as booked_date
				 from pathways p
				 where p.rtt_status in ('10','11','12','20','21')
				   and ($1::text is null or p.specialty_code = $1)
				   and ($2::text is null or p.list_type = $2)
				   and ($3::int is null or p.site_id = $3)`,
				[filters.specialty ?? null, filters.listType ?? null, filters.siteId ?? null]
			);
			const bands = new Map<number, number>();
			const t = {
				total: 0,
				within18: 0,
				over52: 0,
				over65: 0,
				over78: 0,
				over104: 0,
				pcodeOverdue: 0,
				unbooked: 0,
				breachSoonUnbooked: 0
			};
			for (const r of rows) {
				const days = daysWaited(r.clock_start, today);
				const band = Math.min(weekBand(days), 105);
				bands.set(band, (bands.get(band) ?? 0) + 1);
				t.total++;
				if (days <= 126) t.within18++;
				if (days > 7 * 52) t.over52++;
				if (days > 7 * 65) t.over65++;
				if (days > 7 * 78) t.over78++;
				if (days > 7 * 104) t.over104++;
				const due =
					r.priority && r.decision_date ? priorityDueDate(r.decision_date, r.priority) : null;
				if (due !== null && due < today && !(r.booked_date !== null && r.booked_date <= due))
					t.pcodeOverdue++;
				if (r.booked_date === null) t.unbooked++;
				// unbooked and past 18 weeks within 4 weeks: within today, over it 28 days on
				if (r.booked_date === null && days <= 126 && days + 28 > 126) t.breachSoonUnbooked++;
			}
			return { tiles: t, bands };
		}

		it('has tiles and distribution equal to the independent computation, overall and filtered', async () => {
			const site = (await open.query<{ id: number }>('select min(site_id) as id from pathways'))[0]
				.id;
			const cases: [DashboardFilters, Parameters<typeof independent>[0]][] = [
				[ALL, {}],
				[{ ...ALL, specialty: ['110'] }, { specialty: '110' }],
				[{ ...ALL, listType: 'outpatient' }, { listType: 'outpatient' }],
				[{ ...ALL, siteId: site }, { siteId: site }]
			];
			for (const [filters, plain] of cases) {
				const d = await breachRisk(open.db, filters, today);
				const expected = await independent(plain);
				expect(expected.tiles.total).toBeGreaterThan(0);
				const { within18Pct, ...tiles } = d.tiles;
				expect(tiles).toEqual(expected.tiles);
				expect(within18Pct).toBeCloseTo((100 * expected.tiles.within18) / expected.tiles.total, 10);
				for (const w of d.distribution)
					expect([w.week, w.count]).toEqual([w.week, expected.bands.get(w.week) ?? 0]);
				expect(d.distribution.reduce((s, w) => s + w.count, 0)).toBe(expected.tiles.total);
			}
		});

		it('drills down to exactly the patients each figure counts', async () => {
			const d = await breachRisk(open.db, ALL, today);
			const count = async (query: string) =>
				(await queryPtl(open.db, parsePtlFilters(new URLSearchParams(query)), today)).total;
			expect(await count('')).toBe(d.tiles.total);
			expect(await count('rtt=within')).toBe(d.tiles.within18);
			expect(await count('over=52')).toBe(d.tiles.over52);
			expect(await count('over=104')).toBe(d.tiles.over104);
			expect(await count('overdue=pcode')).toBe(d.tiles.pcodeOverdue);
			expect(await count('breach=soon')).toBe(d.tiles.breachSoonUnbooked);
			expect(await count('booked=unbooked')).toBe(d.tiles.unbooked);
			for (const w of d.distribution.filter((w) => w.count > 0).slice(0, 40))
				expect([w.week, await count(`weeks=${w.week}`)]).toEqual([w.week, w.count]);
			const s = d.bySpecialty[0];
			expect(await count(`specialty=${s.specialty}&band=52-65`)).toBe(s.over52 - s.over65);
		});

		it('projects from today’s list: week 1 starts with today’s waiting list less those leaving', async () => {
			const d = await breachRisk(open.db, ALL, today);
			const [w1] = d.projection.weeks;
			expect(d.projection.weeks).toHaveLength(12);
			expect(w1.weekStart).toBe(today);
			expect(w1.waiting).toBeCloseTo(d.tiles.total - w1.treated + w1.referrals, 6);
			const [rate] = await open.query<{ n: number }>(
				`select count(*)::int as n from pathways where clock_start >= $1::date and clock_start < $2::date`,
				[addDays(today, -56), today]
			);
			expect(d.projection.referralsPerWeek).toBe(rate.n / 8);
		});

		it('shows capacity per projected week equal to a plain count of session and booked minutes', async () => {
			const d = await breachRisk(open.db, ALL, today);
			const rows = await open.query<{ week: number; bookable: number; booked: number }>(
				`select (s.date - $1::date) / 7 + 1 as week, sum(s.bookable_minutes)::int as bookable,
					coalesce(sum((select sum(p.expected_minutes) from bookings b join pathways p on p.id = b.pathway_id
						where b.session_id = s.id and b.status = 'booked')), 0)::int as booked
				 from sessions s where s.status = 'open' and s.date >= $1::date and s.date < $1::date + 84
				 group by 1`,
				[today]
			);
			expect(rows.length).toBeGreaterThan(0);
			for (const [i, w] of d.capacity.entries()) {
				const plain = rows.find((r) => r.week === i + 1);
				expect([w.weekStart, w.bookableMinutes, w.bookedMinutes]).toEqual([
					addDays(today, 7 * i),
					plain?.bookable ?? 0,
					plain?.booked ?? 0
				]);
				expect(w.plannedMinutes).toBe(0); // no board holds a plan here
			}
		});

		it('takes a snapshot as at today equal to the live figures, once, and fills in past weeks', async () => {
			const written = await takeSnapshot(open.db, today, 'Europe/London');
			expect(written).toBeGreaterThan(0);
			expect(await takeSnapshot(open.db, today, 'Europe/London')).toBe(0); // never rewritten
			const [snap] = await open.query<Record<string, number>>(
				`select sum(total)::int as total, sum(within_18)::int as within18, sum(over_52)::int as over52,
					sum(over_104)::int as over104, sum(pcode_overdue)::int as pcode, sum(unbooked)::int as unbooked
				 from waitlist_snapshots where census = $1`,
				[today]
			);
			const d = await breachRisk(open.db, ALL, today);
			expect(snap).toEqual({
				total: d.tiles.total,
				within18: d.tiles.within18,
				over52: d.tiles.over52,
				over104: d.tiles.over104,
				pcode: d.tiles.pcodeOverdue,
				unbooked: d.tiles.unbooked
			});
			const day = { timeZone: 'Europe/London', today, monday: mondayOf(today) };
			const taken = await fillSnapshots(open.db, day, 4);
			expect(taken).toEqual([3, 2, 1, 0].map((i) => addDays(mondayOf(today), -7 * i)));
			const trend = (await breachRisk(open.db, ALL, today)).trend;
			expect(trend.map((t) => t.census)).toEqual([...taken, today].sort());
			// a past week counts pathways open then: those stopped since are back on its list
			const monday = taken[2];
			const [past] = await open.query<{ n: number }>(
				`select count(*)::int as n from pathways where clock_start <= $1::date
				 and (rtt_status in ('10','11','12','20','21') or clock_stopped_on > $1::date)`,
				[monday]
			);
			expect(trend.find((t) => t.census === monday)?.total).toBe(past.n);
		});
	});
});
