import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema, type OpenDatabase } from '../../db';
import { parseCapacityCalibrateInput } from '../../src/lib/contracts/capacity';
import { monthBinOfBand } from '../../src/lib/domain/capacity/history';
import { answerCalibrate } from '../../src/lib/domain/capacity/exchange';
import { tallyOf, type FixtureRow } from '../../src/lib/domain/nationalRttFixture';
import { addDays } from '../../src/lib/domain/rtt';
import { capacityHistory } from '../../src/lib/server/capacityHistoryQuery';
import { storeNationalRtt } from '../../src/lib/server/nationalRtt';
import { waitsBySpecialty } from '../../src/lib/server/overview';
import { targets } from './databases';
import { CENSUS, FIXTURE, loadFixture } from './fixtures';

const query = (q: Record<string, string>) => new URLSearchParams(q);

const month = (period: string, incomplete: number): FixtureRow[] => [
	{
		provider: 'RAA',
		period,
		part: 'Part_2',
		specialty: 'C_999',
		bands: { 0: incomplete, 5: 4, 104: 1 }
	},
	{ provider: 'RAA', period, part: 'Part_1A', specialty: 'C_999', bands: { 20: 3 } },
	{ provider: 'RAA', period, part: 'Part_1B', specialty: 'C_999', bands: { 2: 6 } },
	{ provider: 'RAA', period, part: 'Part_3', specialty: 'C_999', totalAll: 30 }
];

describe.each(targets)('history for the capacity model on $name', (target) => {
	let open: OpenDatabase;
	let ids: Record<string, number>;
	beforeAll(async () => {
		open = await target.open();
		ids = await loadFixture(open);
		// Irwin (300 days, code 30) was treated three days before the census
		await open.db
			.update(schema.pathways)
			.set({ clockStoppedOn: addDays(CENSUS, -3) })
			.where(eq(schema.pathways.id, ids.i));
	});
	afterAll(async () => {
		await open?.close();
	});

	it("rebuilds the trust's own weeks from its pathways, by the dashboards' rules", async () => {
		const h = await capacityHistory(open.db, query({ weeks: '4' }), CENSUS);
		expect(h).toMatchObject({ source: 'own', period: 'week' });
		expect(h.labels).toEqual([21, 14, 7, 0].map((d) => addDays(CENSUS, -d)));
		const last = h.input.periods[3];
		const sum = (bins: { count: number }[]) => bins.reduce((a, b) => a + b.count, 0);
		const live = await waitsBySpecialty(open.db, CENSUS);
		expect(sum(last.waiting)).toBe(live.reduce((a, r) => a + r.total, 0));
		// Irwin: treated in the last week, in the bin he would have reached at the census
		expect(last.treatments).toEqual([{ bin: Math.floor(300 / 7), count: 1 }]);
		// and on the list a week earlier
		expect(h.input.periods[2].waiting).toContainEqual(
			expect.objectContaining({ bin: Math.floor(293 / 7) })
		);
		h.labels.forEach((label, t) => {
			const started = FIXTURE.filter((f) => {
				const start = addDays(CENSUS, -f.daysWaited);
				return start > addDays(label, -7) && start <= label;
			}).length;
			expect(h.input.periods[t].referrals, label).toBe(started);
		});
		// the calibrate command takes it as it is
		const calibrated = answerCalibrate(parseCapacityCalibrateInput(h.input));
		expect(calibrated.params).toHaveLength(105);
	});

	it('filters by specialty and list type', async () => {
		const ent = await capacityHistory(
			open.db,
			query({ weeks: '2', specialty: '120', listType: 'outpatient' }),
			CENSUS
		);
		const expected = FIXTURE.filter(
			(f) => f.specialty === '120' && f.listType === 'outpatient' && !f.rttStatus
		).length;
		expect(ent.input.periods[1].waiting.reduce((a, b) => a + b.count, 0)).toBe(expected);
	});

	it("reads a provider's latest run of consecutive months from the national statistics", async () => {
		const tally = tallyOf([
			...month('RTT-June-2026', 50),
			...month('RTT-August-2026', 60),
			...month('RTT-September-2026', 70),
			...month('RTT-October-2026', 80)
		]);
		await storeNationalRtt(open.db, tally.entries());
		const h = await capacityHistory(
			open.db,
			query({ source: 'national', provider: 'raa' }),
			CENSUS
		);
		expect(h).toMatchObject({ source: 'national', period: 'month' });
		expect(h.rule).toMatch(/midpoint/);
		// June is cut off by the gap in July: August is the start list, September and October observed
		expect(h.labels).toEqual(['2026-09', '2026-10']);
		expect(h.input.waitingAtStart).toEqual([
			{ bin: 0, count: 60 },
			{ bin: monthBinOfBand(5, 105), count: 4 },
			{ bin: 24, count: 1 }
		]);
		expect(h.input.periods[1]).toEqual({
			referrals: 30,
			treatments: [
				{ bin: 0, count: 6 },
				{ bin: monthBinOfBand(20, 105), count: 3 }
			],
			waiting: [
				{ bin: 0, count: 80 },
				{ bin: 1, count: 4 },
				{ bin: 24, count: 1 }
			]
		});
		expect(() => parseCapacityCalibrateInput(h.input)).not.toThrow();
	});

	it('refuses bad parameters by name', async () => {
		for (const [q, message] of [
			[{ weeks: '1' }, /^weeks: a whole number from 2 to 260, not "1"$/],
			[{ listType: 'daycase' }, /^listType: outpatient or admitted, not "daycase"$/],
			[{ source: 'guess' }, /^source: own or national, not "guess"$/],
			[{ source: 'national', provider: 'R!' }, /^provider: an organisation code/],
			[{ source: 'national', provider: 'RZZ' }, /^No run of two or more consecutive months/]
		] as const)
			await expect(capacityHistory(open.db, query(q), CENSUS)).rejects.toThrow(message);
	});
});
