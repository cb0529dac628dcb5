/**
 * npm run bench:capacity -- [--runs 30]
 *
 * Times the capacity model (shared/spec/capacity-model.md) against the three targets, on
 * synthetic lists, after a warm-up, median and 95th percentile over the runs:
 * - project 10 years monthly (120 periods) with bins 0..104 (target < 50 ms);
 * - calibrate over 2 years of weekly periods (104) with bins 0..104, 13 of them held out for the
 *   validation MAPE, from the JSON document (parsing included) (target < 200 ms);
 * - capacity needed, flat and ramp, over the same 10-year monthly list to a tolerance of 1e-4
 *   (target < 1 s), whole answers as `npm run capacity -- solve` gives them.
 * Beside them, in the same process, a reference: a 12-period projection over 26 bins, so a slow
 * machine shows as slow everywhere. Wall-clock figures move with the machine's load.
 */
import { parseArgs } from 'node:util';
import {
	parseCapacityCalibrateInput,
	parseCapacitySolveInput,
	type CapacityCalibrateInput,
	type CapacityModelInput
} from '../src/lib/contracts/capacity';
import { answerCalibrate, answerSolve } from '../src/lib/domain/capacity/exchange';
import { project, type ProjectionInput } from '../src/lib/domain/capacity/project';
import { median, p95, timeRuns } from './bench/timing';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' } } });
const runs = Number(values.runs);

/** A deterministic list: renege rising with the wait, capacity weighted towards long waiters. */
function syntheticList(maxBin: number, periods: number, seed: number): ProjectionInput {
	let state = seed;
	const random = () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
	const bins = maxBin + 1;
	return {
		params: {
			renege: Array.from({ length: bins }, (_, m) => 0.002 + (0.02 * m) / bins),
			capacity: Array.from({ length: bins }, (_, m) => 0.5 + m / bins)
		},
		start: Array.from({ length: bins }, (_, m) => 400 * Math.exp(-m / 20)),
		referrals: Array.from({ length: periods }, () => 900 + 200 * random()),
		treatments: Array.from({ length: periods }, () => 850 + 150 * random())
	};
}

function toModelInput(list: ProjectionInput): CapacityModelInput {
	return {
		version: 1,
		maxBin: list.start.length - 1,
		params: list.params.renege.map((renege, bin) => ({
			bin,
			renege,
			capacity: list.params.capacity[bin]
		})),
		waitingAtStart: list.start.map((count, bin) => ({ bin, count })),
		referrals: [...list.referrals],
		treatments: [...list.treatments]
	};
}

const byBin = (counts: readonly number[]) => counts.map((count, bin) => ({ bin, count }));

async function line(label: string, target: string, work: () => unknown, times = runs) {
	const ms = await timeRuns(times, async () => work());
	console.log(
		`  ${label.padEnd(70)} median ${median(ms).toFixed(2).padStart(7)} ms, p95 ${p95(ms).toFixed(2).padStart(7)} ms  ${target}`
	);
}

const tenYears = syntheticList(104, 120, 1);
const reference = syntheticList(25, 12, 2);

// Two years of weekly history the model itself produced, as the calibrate document.
const history = syntheticList(104, 104, 3);
const calibrateDocument: CapacityCalibrateInput = {
	version: 1,
	maxBin: 104,
	waitingAtStart: byBin(history.start),
	periods: project(history).map((f, t) => ({
		referrals: history.referrals[t],
		treatments: byBin(f.treatments),
		waiting: byBin(f.waiting)
	})),
	validationPeriods: 13
};

const solveDocument = (mode: 'flat' | 'ramp') => ({
	version: 1,
	model: toModelInput(tenYears),
	// 18 weeks in months of 487/16 days; 92% within.
	target: { withinPeriods: 126 / 30.4375, share: 0.92 },
	mode,
	tolerance: 1e-4,
	cap: 10
});

console.log(`capacity model, ${runs} runs after a warm-up (solves: ${Math.ceil(runs / 3)} runs)`);
await line('reference: project 12 periods, bins 0..25', '', () => project(reference));
await line('project 120 monthly periods, bins 0..104', '(< 50 ms)', () => project(tenYears));
await line('calibrate 104 weekly periods (13 held out), bins 0..104', '(< 200 ms)', () =>
	answerCalibrate(parseCapacityCalibrateInput(calibrateDocument))
);
for (const mode of ['flat', 'ramp'] as const) {
	const document = solveDocument(mode);
	const answer = answerSolve(parseCapacitySolveInput(document));
	await line(
		`capacity needed, ${mode}, 120 months: k = ${answer.k?.toFixed(4)} (${answer.evaluations} projections)`,
		'(< 1 s)',
		() => answerSolve(parseCapacitySolveInput(document)),
		Math.ceil(runs / 3)
	);
}
