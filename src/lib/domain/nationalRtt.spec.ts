import { describe, expect, it } from 'vitest';
import {
	BAND_COLUMNS,
	missingColumns,
	parsePeriod,
	REQUIRED_COLUMNS,
	waitFigures
} from './nationalRtt';
import { tallyOf, type FixtureRow } from './nationalRttFixture';

const ONE_PROVIDER: FixtureRow[] = [
	{
		part: 'Part_2',
		specialty: 'C_110',
		commissioner: '00A',
		bands: { 0: 10, 17: 5, 18: 3, 52: 2 }
	},
	{ part: 'Part_2', specialty: 'C_110', commissioner: '00B', bands: { 0: 10, 60: 4, 104: 1 } },
	{ part: 'Part_2', specialty: 'X02', commissioner: '00A', bands: { 1: 5 } },
	{
		part: 'Part_2',
		specialty: 'C_999',
		commissioner: '00A',
		bands: { 0: 10, 1: 5, 17: 5, 18: 3, 52: 2 }
	},
	{ part: 'Part_2', specialty: 'C_999', commissioner: '00B', bands: { 0: 10, 60: 4, 104: 1 } },
	{ part: 'Part_3', specialty: 'C_110', totalAll: 7 },
	{ part: 'Part_3', specialty: 'C_999', totalAll: 12 }
];

describe('the national RTT full CSV file', () => {
	it('names its 121 columns as published', () => {
		expect(REQUIRED_COLUMNS).toHaveLength(121);
		expect(BAND_COLUMNS[0]).toBe('Gt 00 To 01 Weeks SUM 1');
		expect(BAND_COLUMNS[17]).toBe('Gt 17 To 18 Weeks SUM 1');
		expect(BAND_COLUMNS[103]).toBe('Gt 103 To 104 Weeks SUM 1');
		expect(BAND_COLUMNS[104]).toBe('Gt 104 Weeks SUM 1');
		expect(missingColumns(REQUIRED_COLUMNS.filter((c) => c !== 'Total All'))).toEqual([
			'Total All'
		]);
	});

	it('reads the period from "RTT-<Month>-<YYYY>" in any case', () => {
		expect(parsePeriod('RTT-October-2026')).toBe('2026-10');
		expect(parsePeriod('RTT-APRIL-2022')).toBe('2022-04');
		expect(parsePeriod('October 2026')).toBeNull();
		expect(parsePeriod('RTT-Octember-2026')).toBeNull();
	});

	it('sums a provider over its commissioners and takes its own figures from C_999', () => {
		const [p] = tallyOf(ONE_PROVIDER).result();
		expect(p).toMatchObject({ code: 'RXX', name: 'RXX HOSPITALS NHS TRUST', period: '2026-10' });
		expect(p.incomplete).toEqual({
			total: 40,
			within18Weeks: 30,
			over52Weeks: 7,
			over65Weeks: 1,
			over78Weeks: 1,
			over104Weeks: 1,
			// 40 waiting: the 20th is the last of the 20 in the first band, at 1 week; the 36.8th is
			// 1.8 of the 4 into the band "Gt 60 To 61" (35 before it).
			medianWeeks: 1,
			p92Weeks: 60 + 1.8 / 4
		});
		expect(p.newPeriods).toBe(12);
	});

	it('keeps C_999 out of the specialties, and counts the X0x "other" groups as specialties', () => {
		const [p] = tallyOf(ONE_PROVIDER).result();
		expect(Object.keys(p.bySpecialty)).toEqual(['C_110', 'X02']);
		expect(p.bySpecialty.C_110.incomplete.total).toBe(35);
		expect(p.bySpecialty.C_110.incomplete.within18Weeks).toBe(25);
		expect(p.bySpecialty.C_110.newPeriods).toBe(7);
		expect(p.bySpecialty.X02.incomplete).toMatchObject({ total: 5, within18Weeks: 5 });
		expect(p.bySpecialty.X02.newPeriods).toBeNull();
	});

	it('never reads a blank cell as zero', () => {
		const [p] = tallyOf([
			...ONE_PROVIDER,
			{ part: 'Part_2A', specialty: 'C_999', total: '', totalAll: '' },
			{ part: 'Part_1A', specialty: 'C_999', bands: { 3: 0 }, total: 0 }
		]).result();
		expect(Object.values(p.incompleteWithDta).every((v) => v === null)).toBe(true);
		expect(p.completedAdmitted).toMatchObject({
			total: 0,
			within18Weeks: 0,
			over52Weeks: 0,
			medianWeeks: null
		});
		expect(p.completedNonAdmitted.total).toBeNull();
	});

	it('counts unknown clock starts in the total but not in the bands', () => {
		const figures = waitFigures({
			bands: BAND_COLUMNS.map((_, i) => (i === 2 ? 4 : null)),
			total: 4,
			unknownStart: 3,
			totalAll: 7
		});
		expect(figures).toMatchObject({ total: 7, within18Weeks: 4, medianWeeks: 2.5 });
	});

	it('warns where a published total disagrees with its bands or C_999 with its specialties', () => {
		const tally = tallyOf([
			{ part: 'Part_2', specialty: 'C_110', bands: { 0: 8 }, total: 9 },
			{ part: 'Part_2', specialty: 'C_999', bands: { 0: 10 } }
		]);
		tally.result();
		expect(tally.warnings).toEqual([
			{
				line: 2,
				provider: 'RXX',
				period: '2026-10',
				message: 'Total is 9 but the bands sum to 8 (Part_2, C_110)'
			},
			{
				provider: 'RXX',
				period: '2026-10',
				message: 'C_999 incomplete Total All is 10 but its specialties sum to 9'
			}
		]);
	});

	it('keeps providers and months apart', () => {
		const result = tallyOf([
			{ part: 'Part_2', specialty: 'C_999', bands: { 0: 1 } },
			{ part: 'Part_2', specialty: 'C_999', bands: { 0: 2 }, period: 'RTT-September-2026' },
			{ part: 'Part_2', specialty: 'C_999', bands: { 0: 4 }, provider: 'RAA' }
		]).result();
		expect(result.map((p) => [p.code, p.period, p.incomplete.total])).toEqual([
			['RAA', '2026-10', 4],
			['RXX', '2026-09', 2],
			['RXX', '2026-10', 1]
		]);
	});

	it('sums the specialties, and says so, for a provider without C_999 rows', () => {
		const tally = tallyOf([{ part: 'Part_2', specialty: 'C_110', bands: { 0: 3 } }]);
		expect(tally.result()[0].incomplete.total).toBe(3);
		expect(tally.warnings[0].message).toMatch(/no C_999/);
	});

	it('names the line and the field of every bad cell, and sums nothing from that row', () => {
		const tally = tallyOf([
			{ part: 'Part_2', specialty: 'C_999', bands: { 0: 1 } },
			{
				part: 'Part_2',
				specialty: 'C_999',
				bands: { 0: 1 },
				cells: { Period: 'Oct-26', 'Gt 05 To 06 Weeks SUM 1': '2.5', 'Total All': '-1' }
			},
			{ part: 'Part_2', specialty: '110', cells: { 'RTT Part Type': 'Part_9' } }
		]);
		expect(tally.problems).toEqual([
			{ line: 3, field: 'Period', problem: '"RTT-<Month>-<YYYY>", not "Oct-26"' },
			{
				line: 3,
				field: 'Gt 05 To 06 Weeks SUM 1',
				problem: 'a whole number of pathways or blank, not "2.5"'
			},
			{ line: 3, field: 'Total All', problem: 'a whole number of pathways or blank, not "-1"' },
			{
				line: 4,
				field: 'RTT Part Type',
				problem: 'one of Part_1A, Part_1B, Part_2, Part_2A, Part_3, not "Part_9"'
			},
			{
				line: 4,
				field: 'Treatment Function Code',
				problem: 'C_ and three digits or X and two digits, not "110"'
			}
		]);
		expect(tally.result()[0].incomplete.total).toBe(1);
	});
});
