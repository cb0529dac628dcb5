/**
 * npm run bench:optimise -- [--sizes 200,2000,20000,100000] [--kinds clinic,theatre,mixed]
 *                           [--seed N] [--time-limit SECONDS] [--json FILE]
 *
 * Generates waiting lists of each size and kind, plans them with the optimiser and with the
 * greedy baseline, checks both with the plan checker, and prints objective, bound, gap, time,
 * breaches, longest waits, utilisation and out-of-turn bookings side by side. For the two
 * smaller sizes it also runs the optimiser without HiGHS's MIP, to show the heuristic against the
 * optimum the MIP proves. The time limit defaults to 10 s up to 20,000 patients and 60 s above.
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
			json: { type: 'string' }
		},
		strict: true
	});
	const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
	const kinds = values.kinds.split(',').map((k) => k.trim()) as InstanceKind[];
	if (sizes.some((n) => !Number.isInteger(n) || n <= 0) || kinds.some((k) => !KINDS.includes(k))) {
		throw new Error('--sizes takes positive integers; --kinds takes clinic, theatre and mixed');
	}
	const seed = Number(values.seed);
	const rows: Row[] = [];
	for (const n of sizes) {
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
	printTable(rows);
	if (values.json) writeFileSync(values.json, JSON.stringify(rows, null, '\t'));
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
