/**
 * npm run bench:optimise -- [--sizes 200,2000,20000,100000] [--kinds clinic,theatre,mixed]
 *                           [--seed N] [--time-limit SECONDS] [--json FILE]
 *                           [--part all|standard|ihtc] [--ihtc-sizes 400]
 *                           [--ihtc-limit 30] [--highs-limit 30] [--long]
 *
 * Generates waiting lists of each size and kind, plans them with the optimiser and with the
 * greedy baseline, checks both with the plan checker, and prints objective, bound, gap, time,
 * breaches, longest waits, utilisation and out-of-turn bookings side by side. For the two
 * smaller sizes it also runs the optimiser without HiGHS's MIP, to show the heuristic against the
 * optimum the MIP proves. The time limit defaults to 10 s up to 20,000 patients and 60 s above.
 *
 * The IHTC-like part (`--part ihtc` alone; generate.ts, kind 'ihtc') plans each instance with the
 * optimiser in 30 s and with HiGHS alone, in the same process one after the other, and reports
 * HiGHS's best plan at 30 s and at the end of its run, how long the optimiser took to come within
 * 1% of HiGHS's final plan, and each proven bound (Lagrangian, LP relaxation, MIP dual, quoted).
 * By default one 400-patient instance and HiGHS for as long as the optimiser (about a minute);
 * `--long` (or BENCH_LONG=1) runs 300, 400 and 500 patients against HiGHS alone for 120 s (about
 * 2.5 minutes an instance). Timings are wall-clock and move with the machine's load.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkSolution } from '../src/lib/domain/planning/check';
import { parseProblem } from '../src/lib/domain/planning/problem';
import type { PlanningSolution } from '../src/lib/domain/planning/solution';
import { generateProblem, type InstanceKind } from '../src/lib/optimiser/generate';
import { greedyPlan } from '../src/lib/optimiser/greedy';
import { planMetrics, type PlanMetrics } from '../src/lib/optimiser/metrics';
import { solve } from '../src/lib/optimiser/solve';

interface Row {
	instance: string;
	method: string;
	status: string;
	objective: number;
	bound: number | null;
	gap: number | null;
	seconds: number;
	checked: boolean;
	metrics: PlanMetrics;
}

const KINDS: InstanceKind[] = ['clinic', 'theatre', 'mixed'];

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			sizes: { type: 'string', default: '200,2000,20000,100000' },
			kinds: { type: 'string', default: KINDS.join(',') },
			seed: { type: 'string', default: '1' },
			'time-limit': { type: 'string' },
			json: { type: 'string' },
			part: { type: 'string', default: 'all' },
			'ihtc-sizes': { type: 'string' },
			'ihtc-limit': { type: 'string', default: '30' },
			'highs-limit': { type: 'string' },
			long: { type: 'boolean', default: false }
		},
		strict: true
	});
	if (!['all', 'standard', 'ihtc'].includes(values.part))
		throw new Error('--part takes all, standard or ihtc');
	const long = values.long || process.env.BENCH_LONG === '1';
	const ihtcSizes = (values['ihtc-sizes'] ?? (long ? '300,400,500' : '400'))
		.split(',')
		.map((s) => Number(s.trim()));
	const ihtcLimit = Number(values['ihtc-limit']);
	const highsLimit = Number(values['highs-limit'] ?? (long ? '120' : values['ihtc-limit']));
	if (
		ihtcSizes.some((n) => !Number.isInteger(n) || n <= 0) ||
		!(ihtcLimit > 0) ||
		!(highsLimit > 0)
	)
		throw new Error(
			'--ihtc-sizes takes positive integers; --ihtc-limit and --highs-limit positive seconds'
		);
	const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
	const kinds = values.kinds.split(',').map((k) => k.trim()) as InstanceKind[];
	if (sizes.some((n) => !Number.isInteger(n) || n <= 0) || kinds.some((k) => !KINDS.includes(k))) {
		throw new Error('--sizes takes positive integers; --kinds takes clinic, theatre and mixed');
	}
	const seed = Number(values.seed);
	const rows: Row[] = [];
	for (const n of values.part === 'ihtc' ? [] : sizes) {
		for (const kind of kinds) {
			const name = `${kind}-${n}`;
			const generated = generateProblem({ patients: n, kind, seed });
			const problem = parseProblem(JSON.parse(JSON.stringify(generated.problem)));
			const limit =
				values['time-limit'] !== undefined ? Number(values['time-limit']) : n > 20_000 ? 60 : 10;
			process.stderr.write(`${name}: ${problem.sessions.length} sessions, time limit ${limit} s\n`);

			const runs: [string, () => Promise<PlanningSolution>][] = [
				['optimiser', () => solve(problem, { timeLimitSeconds: limit, seed })],
				['greedy', () => Promise.resolve(greedyPlan(problem))]
			];
			if (n <= 2000)
				runs.splice(1, 0, [
					'no MIP',
					() => solve(problem, { timeLimitSeconds: limit, seed, mip: false })
				]);
			for (const [method, run] of runs) {
				const started = Date.now();
				const solution = await run();
				const seconds = (Date.now() - started) / 1000;
				const report = checkSolution(problem, solution);
				const bound = solution.lowerBound ?? null;
				rows.push({
					instance: name,
					method,
					status: solution.status,
					objective: solution.objective,
					bound,
					gap:
						bound === null
							? null
							: (solution.objective - bound) / Math.max(1, Math.abs(solution.objective)),
					seconds,
					checked: report.ok,
					metrics: planMetrics(problem, solution.bookings, generated.priority)
				});
				process.stderr.write(
					`  ${method}: ${solution.status} ${solution.objective} in ${seconds.toFixed(2)} s${report.ok ? '' : ' (CHECK FAILED)'}\n`
				);
			}
			// Greedy against the optimiser's bound: how far the baseline is from the best possible.
			const best = rows.find((r) => r.instance === name && r.method === 'optimiser');
			const greedy = rows.find((r) => r.instance === name && r.method === 'greedy');
			if (best && greedy && best.bound !== null) {
				greedy.bound = best.bound;
				greedy.gap = (greedy.objective - best.bound) / Math.max(1, Math.abs(greedy.objective));
			}
		}
	}
	if (rows.length > 0) printTable(rows);
	const ihtcRows: IhtcRow[] = [];
	if (values.part !== 'standard') {
		for (const [i, n] of ihtcSizes.entries())
			ihtcRows.push(await benchIhtc(n, seed + i, ihtcLimit, highsLimit));
		printIhtcTable(ihtcRows, ihtcLimit, highsLimit);
	}
	if (values.json) writeFileSync(values.json, JSON.stringify({ rows, ihtcRows }, null, '\t'));
}

interface IhtcRow {
	instance: string;
	patients: number;
	sessions: number;
	ours: number;
	oursStatus: string;
	oursSeconds: number;
	checked: boolean;
	highsAt: number | null;
	highsBest: number | null;
	highsSeconds: number;
	/** Seconds our run took to come within 1% of HiGHS's best, or null if it never did. */
	withinOnePercent: number | null;
	bounds: { lagrange: number | null; lp: number | null; mip: number | null; quoted: number | null };
}

/** (seconds since start, objective) each time the plan improved. */
type Trace = [number, number][];

async function traced(
	run: (onIncumbent: (objective: number) => void) => Promise<PlanningSolution>
): Promise<{ solution: PlanningSolution; trace: Trace; seconds: number }> {
	const trace: Trace = [];
	const started = Date.now();
	const solution = await run((objective) => trace.push([(Date.now() - started) / 1000, objective]));
	return { solution, trace, seconds: (Date.now() - started) / 1000 };
}

function bestBy(trace: Trace, seconds: number): number | null {
	const values = trace.filter(([t]) => t <= seconds).map(([, v]) => v);
	return values.length > 0 ? Math.min(...values) : null;
}

async function benchIhtc(
	n: number,
	seed: number,
	limit: number,
	highsLimit: number
): Promise<IhtcRow> {
	const generated = generateProblem({ patients: n, kind: 'ihtc', seed });
	const problem = parseProblem(JSON.parse(JSON.stringify(generated.problem)));
	const instance = `ihtc-${n}-s${seed}`;
	process.stderr.write(`${instance}: ${problem.sessions.length} sessions\n`);
	const ours = await traced((onIncumbent) =>
		solve(problem, { timeLimitSeconds: limit, seed, onIncumbent })
	);
	const checked = checkSolution(problem, ours.solution).ok;
	process.stderr.write(
		`  optimiser: ${ours.solution.status} ${ours.solution.objective} in ${ours.seconds.toFixed(2)} s${checked ? '' : ' (CHECK FAILED)'}\n`
	);
	const highs = await traced((onIncumbent) =>
		solve(problem, { timeLimitSeconds: highsLimit, seed, onIncumbent, highsOnly: true })
	);
	// HiGHS's own incumbents (the first trace point is the relaxation's rounding, not HiGHS's).
	const highsTrace = highs.trace.slice(1);
	const highsBest = bestBy(highsTrace, Infinity);
	process.stderr.write(
		`  HiGHS alone: best ${highsBest ?? '-'} in ${highs.seconds.toFixed(2)} s\n`
	);
	const target = highsBest === null ? null : highsBest + 0.01 * Math.abs(highsBest);
	const reached = target === null ? undefined : ours.trace.find(([, v]) => v <= target + 1e-9);
	const stat = (name: string): number | null => {
		const v = ours.solution.stats?.[name];
		return typeof v === 'number' ? v : null;
	};
	return {
		instance,
		patients: problem.patients.length,
		sessions: problem.sessions.length,
		ours: ours.solution.objective,
		oursStatus: ours.solution.status,
		oursSeconds: ours.seconds,
		checked,
		highsAt: bestBy(highsTrace, limit),
		highsBest,
		highsSeconds: highs.seconds,
		withinOnePercent: reached === undefined ? null : reached[0],
		bounds: {
			lagrange: stat('bound.lagrange'),
			lp: stat('bound.lp'),
			mip: stat('bound.mip'),
			quoted: ours.solution.lowerBound ?? null
		}
	};
}

function printIhtcTable(rows: IhtcRow[], limit: number, highsLimit: number): void {
	const num = (v: number | null, digits = 0): string => (v === null ? '-' : v.toFixed(digits));
	const header = [
		'instance',
		'patients/sessions',
		`ours ${limit} s`,
		'time s',
		'check',
		`HiGHS ${limit} s`,
		`HiGHS ${highsLimit} s`,
		'ours to 1% s',
		'bound: Lagrangian',
		'LP',
		'MIP dual',
		'quoted',
		'gap %'
	];
	const body = rows.map((r) => [
		r.instance,
		`${r.patients}/${r.sessions}`,
		num(r.ours),
		num(r.oursSeconds, 2),
		r.checked ? 'ok' : 'FAIL',
		num(r.highsAt),
		num(r.highsBest),
		num(r.withinOnePercent, 1),
		num(r.bounds.lagrange),
		num(r.bounds.lp),
		num(r.bounds.mip),
		num(r.bounds.quoted),
		r.bounds.quoted === null
			? '-'
			: ((100 * (r.ours - r.bounds.quoted)) / Math.max(1, Math.abs(r.ours))).toFixed(2)
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
	const line = (cells: string[]): string =>
		cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
	console.log(
		`\nIHTC-like instances: the optimiser in ${limit} s against HiGHS alone in ${highsLimit} s`
	);
	console.log(line(header));
	console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	for (const row of body) console.log(line(row));
	console.log(
		`\nHiGHS ${limit} s: HiGHS's best plan by ${limit} s of its ${highsLimit} s run. ours to 1%: seconds until the optimiser's plan was within 1% of HiGHS's ${highsLimit} s plan. Bounds: each source's proven bound ('-' where it did not run); quoted is the solution's lowerBound, the best of them. Wall-clock figures move with the machine's load.`
	);
}

function printTable(rows: Row[]): void {
	const labels = ['P2', 'P3', 'P4', 'routine'];
	const header = [
		'instance',
		'method',
		'status',
		'objective',
		'bound',
		'gap %',
		'time s',
		'check',
		'booked',
		'>18w',
		'>due',
		...labels.map((l) => `max ${l}`),
		'util %',
		'out of turn'
	];
	const body = rows.map((r) => [
		r.instance,
		r.method,
		r.status,
		r.objective.toFixed(0),
		r.bound === null ? '-' : r.bound.toFixed(0),
		r.gap === null ? '-' : (100 * r.gap).toFixed(2),
		r.seconds.toFixed(2),
		r.checked ? 'ok' : 'FAIL',
		String(r.metrics.booked),
		String(r.metrics.bookedPast18Weeks),
		String(r.metrics.bookedPastDue),
		...labels.map((l) =>
			r.metrics.longestWait[l] === undefined ? '-' : String(r.metrics.longestWait[l])
		),
		(100 * r.metrics.utilisation).toFixed(1),
		String(r.metrics.outOfTurn)
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
	const line = (cells: string[]): string =>
		cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
	console.log(line(header));
	console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	let last = '';
	for (const row of body) {
		if (last !== '' && row[0] !== last) console.log('');
		last = row[0];
		console.log(line(row));
	}
	console.log(
		'\ngap %: (objective − bound) / objective, the bound being the optimiser’s (the greedy plan is measured against it too).'
	);
	console.log(
		'max Pn: longest wait in days, to the booking or (if unbooked) to the day after the horizon.'
	);
}

main().catch((e: unknown) => {
	process.stderr.write(`bench:optimise: ${e instanceof Error ? e.message : String(e)}\n`);
	process.exitCode = 1;
});
