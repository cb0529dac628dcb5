/** `npm run capacity` as a real process: the worked example, the exit codes, the three commands. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type {
	CapacityCalibrateOutput,
	CapacityModelOutput,
	CapacitySolveOutput
} from '../../src/lib/contracts/capacity';
import { WORKED_EXAMPLE } from '../../src/lib/domain/capacity/testModel';
import { runScript } from '../runScript';

/** `[{ bin: 0, count: a }, { bin: 1, count: b }, …]`. */
const byBin = (...counts: number[]) => counts.map((count, bin) => ({ bin, count }));

const dir = mkdtempSync(join(tmpdir(), 'waitwise-capacity-'));
function file(name: string, json: unknown): string {
	const path = join(dir, name);
	writeFileSync(path, JSON.stringify(json));
	return path;
}

describe('npm run capacity', () => {
	it('projects the worked example, and refuses bad input with exit 2 naming the field', async () => {
		const [good, bad, noCommand] = await Promise.all([
			runScript('capacity.ts', ['project', '--input', file('example.json', WORKED_EXAMPLE)]),
			runScript('capacity.ts', [
				'project',
				'--input',
				file('short.json', { ...WORKED_EXAMPLE, treatments: [80, 80] })
			]),
			runScript('capacity.ts', ['--input', 'x.json'])
		]);
		expect(good.code).toBe(0);
		const output = JSON.parse(good.stdout) as CapacityModelOutput;
		expect(output.version).toBe(1);
		expect(output.periods).toHaveLength(1);
		expect(output.periods[0].period).toBe(1);
		expect(output.periods[0].redistributed).toBe(0);
		const expected = [
			[46.829268292682926, 0, 73.17073170731707],
			[19.51219512195122, 10, 70.48780487804878],
			[13.658536585365853, 14, 42.34146341463415]
		];
		output.periods[0].bins.forEach((b, m) => {
			expect(b.bin).toBe(m);
			expect(b.treatments).toBeCloseTo(expected[m][0], 12);
			expect(b.reneges).toBeCloseTo(expected[m][1], 12);
			expect(b.waiting).toBeCloseTo(expected[m][2], 12);
		});

		expect(bad.code).toBe(2);
		expect(bad.stdout).toBe('');
		expect(bad.stderr).toMatch(
			/treatments: must have the same length as referrals \(1\), it has 2/
		);
		expect(noCommand.code).toBe(2);
		expect(noCommand.stderr).toMatch(/unknown command "--input"/);
	});

	it('calibrates with a hold-out MAPE, and solves for the capacity needed', async () => {
		const observed = {
			version: 1,
			maxBin: 2,
			waitingAtStart: byBin(100, 50, 20),
			periods: [
				{
					referrals: 120,
					treatments: byBin(40, 20, 20),
					waiting: byBin(80, 70, 55)
				},
				{
					referrals: 110,
					treatments: byBin(35, 25, 30),
					waiting: byBin(75, 50, 90)
				}
			],
			validationPeriods: 1
		};
		const solve = {
			version: 1,
			model: { ...WORKED_EXAMPLE, referrals: [120, 120, 120], treatments: [80, 80, 80] },
			target: { withinPeriods: 1.5, share: 0.6 },
			mode: 'flat'
		};
		const [calibrated, solved, badSolve] = await Promise.all([
			runScript('capacity.ts', ['calibrate', '--input', file('observed.json', observed)]),
			runScript('capacity.ts', ['solve', '--input', file('solve.json', solve)]),
			runScript('capacity.ts', [
				'solve',
				'--input',
				file('bad-solve.json', { ...solve, target: { withinPeriods: 1.5 } })
			])
		]);
		expect(calibrated.code).toBe(0);
		const fit = JSON.parse(calibrated.stdout) as CapacityCalibrateOutput;
		expect(fit.calibration).toEqual({ fromPeriod: 1, toPeriod: 1 });
		// Bin 1: inflow 100 (bin 0 aged), 20 treated, 70 left: r = 0.1, c = 0.2.
		expect(fit.params[1].renege).toBeCloseTo(0.1, 12);
		expect(fit.params[1].capacity).toBeCloseTo(0.2, 12);
		expect(fit.validation).toMatchObject({ fromPeriod: 2, toPeriod: 2, cells: 3 });
		expect(fit.validation?.mapePercent).toBeGreaterThan(0);

		expect(solved.code).toBe(0);
		const answer = JSON.parse(solved.stdout) as CapacitySolveOutput;
		expect(answer.reached).toBe(true);
		expect(answer.atK.withinShare).toBeGreaterThanOrEqual(0.6);
		expect(answer.atBase.withinShare).toBeLessThan(0.6);
		expect(answer.treatments).toEqual([80, 80, 80].map((t) => t * (answer.k ?? NaN)));
		expect(answer.steadyState?.factor).toBeCloseTo(-Math.log(0.4), 12);

		expect(badSolve.code).toBe(2);
		expect(badSolve.stderr).toMatch(/target: must be either/);
	});
});
