/**
 * The capacity planner calibrated on a provider's imported national months (issue 15, for a
 * trust whose own history is short): months for weeks, labelled by the date each ends, the
 * horizon running month by month to the target date, and the choice checked by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { tallyOf, type FixtureRow } from '../../src/lib/domain/nationalRttFixture';
import {
	capacityPlanner,
	parsePlannerQuery,
	plannerSearch
} from '../../src/lib/server/capacityPlanner';
import { storeNationalRtt } from '../../src/lib/server/nationalRtt';
import { targets } from './databases';
import { CENSUS, loadFixture } from './fixtures';
import { refusal } from './refusal';

const month = (period: string, waiting: number): FixtureRow[] => [
	{
		provider: 'RAA',
		period,
		part: 'Part_2',
		specialty: 'C_999',
		bands: { 0: waiting, 10: 40, 30: 20, 60: 8, 104: 2 }
	},
	{ provider: 'RAA', period, part: 'Part_1A', specialty: 'C_999', bands: { 3: 10, 40: 5 } },
	{ provider: 'RAA', period, part: 'Part_1B', specialty: 'C_999', bands: { 1: 20, 20: 6 } },
	{ provider: 'RAA', period, part: 'Part_3', specialty: 'C_999', totalAll: 45 }
];

const ask = (q: string) => parsePlannerQuery(new URLSearchParams(q), CENSUS);

describe.each(targets)('the capacity planner on national months on $name', (target) => {
	let open: OpenDatabase;
	beforeAll(async () => {
		open = await target.open();
		await loadFixture(open);
		const tally = tallyOf(
			['June', 'July', 'August', 'September', 'October'].flatMap((m, i) =>
				month(`RTT-${m}-2026`, 50 + 5 * i)
			)
		);
		await storeNationalRtt(open.db, tally.entries());
	});
	afterAll(async () => {
		await open.close();
	});

	it('calibrates on the months, projects month by month to the target date', async () => {
		const query = ask('source=national&provider=raa&holdOut=1&by=2027-03-31&over=52');
		expect(query).toMatchObject({ source: 'national', provider: 'RAA', listType: null });
		expect(ask(plannerSearch(query).toString())).toEqual(query);
		const page = await capacityPlanner(open.db, query, { today: CENSUS, monday: CENSUS });
		expect(page.problem).toBeNull();
		expect(page).toMatchObject({ unit: 'month', nationalSpecialty: 'C_999' });
		// October's end to March's: five months
		expect(page.ends).toEqual([
			'2026-10-31',
			'2026-11-30',
			'2026-12-31',
			'2027-01-31',
			'2027-02-28',
			'2027-03-31'
		]);
		const answer = page.answer!;
		expect(answer.calibration).toMatchObject({ periods: 3, from: '2026-07-31', to: '2026-09-30' });
		expect(answer.validation).toMatchObject({ periods: 1, from: '2026-10-31', to: '2026-10-31' });
		expect(answer.validation.mapePercent).not.toBeNull();
		expect(answer.now).toMatchObject({ label: '2026-10-31', listSize: 70 + 40 + 20 + 8 + 2 });
		expect(answer.baseline.referralsPerPeriod).toBeCloseTo(45, 9);
		expect(answer.scenarios[0].periods).toHaveLength(5);
		expect(answer.neededOver).not.toBeNull();
	});

	it('says when no months are imported for the provider', async () => {
		const page = await capacityPlanner(open.db, ask('source=national&provider=RZZ'), {
			today: CENSUS,
			monday: CENSUS
		});
		expect(page.answer).toBeNull();
		expect(page.problem).toBe(
			'no national statistics imported for RZZ C_999: import them with npm run import -- rtt-csv'
		);
	});

	it('refuses a bad source, provider or list type by name', async () => {
		for (const [q, message] of [
			['source=guess', 'source: own or national, not "guess"'],
			['source=national', 'provider: an organisation code such as RXX, not ""'],
			['source=national&provider=R!', 'provider: an organisation code such as RXX, not "R!"'],
			[
				'source=national&provider=RAA&listType=admitted',
				'listType: the national statistics count outpatient and admitted pathways together: choose both with the national source, not "admitted"'
			]
		] as const) {
			const refused = await refusal(Promise.resolve().then(() => ask(q)));
			expect(refused).toEqual({ status: 400, message });
		}
	});
});
