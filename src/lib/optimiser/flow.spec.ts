import { describe, expect, it } from 'vitest';
import { solveTransport, type TransportProblem } from './flow';
import { loadHighs } from './highs';
import { createRng } from './rng';

function randomProblem(seed: number, minutes: boolean): TransportProblem {
	const rng = createRng(seed);
	const n = rng.int(5, 40);
	const m = rng.int(1, 8);
	const supply = new Int32Array(n);
	const unbooked = new Float64Array(n);
	const mandatory = new Uint8Array(n);
	const arcStart = new Int32Array(n + 1);
	const sinks: number[] = [];
	const costs: number[] = [];
	const sinkDay = Array.from({ length: m }, () => rng.int(0, 20));
	for (let p = 0; p < n; p++) {
		supply[p] = minutes ? rng.pick([15, 30, 45, 60, 90]) : 1;
		const waited = rng.int(0, 400);
		unbooked[p] = waited + 30 + rng.int(0, 50);
		mandatory[p] = rng.chance(0.1) ? 1 : 0;
		for (let j = 0; j < m; j++) {
			if (rng.chance(0.3)) continue;
			sinks.push(j);
			costs.push(sinkDay[j] * (waited > 126 ? 2 : 1) + rng.int(0, 3));
		}
		arcStart[p + 1] = sinks.length;
	}
	const capacity = Float64Array.from({ length: m }, () =>
		minutes ? rng.int(0, 240) : rng.int(0, 6)
	);
	return {
		nPatients: n,
		nSinks: m,
		supply,
		unbooked,
		mandatory,
		capacity,
		arcStart,
		arcSink: Int32Array.from(sinks),
		arcCost: Float64Array.from(costs)
	};
}

/** The same relaxation as an LP, solved by HiGHS; null when the mandatory patients cannot fit. */
async function lpOptimum(tp: TransportProblem): Promise<number | null> {
	const highs = await loadHighs();
	const rows: string[] = [];
	const obj: string[] = [];
	let constant = 0;
	for (let p = 0; p < tp.nPatients; p++) {
		const terms: string[] = [];
		for (let k = tp.arcStart[p]; k < tp.arcStart[p + 1]; k++) {
			terms.push(`x${k}`);
			const c = tp.mandatory[p] ? tp.arcCost[k] : tp.arcCost[k] - tp.unbooked[p];
			obj.push(`${c >= 0 ? '+' : '-'} ${Math.abs(c)} x${k}`);
		}
		if (!tp.mandatory[p]) constant += tp.unbooked[p];
		if (terms.length === 0) {
			if (tp.mandatory[p]) return null;
			continue;
		}
		rows.push(` p${p}: ${terms.join(' + ')} ${tp.mandatory[p] ? '=' : '<='} 1`);
	}
	for (let j = 0; j < tp.nSinks; j++) {
		const terms: string[] = [];
		for (let p = 0; p < tp.nPatients; p++) {
			for (let k = tp.arcStart[p]; k < tp.arcStart[p + 1]; k++) {
				if (tp.arcSink[k] === j) terms.push(`${tp.supply[p]} x${k}`);
			}
		}
		if (terms.length > 0) rows.push(` s${j}: ${terms.join(' + ')} <= ${tp.capacity[j]}`);
	}
	const bounds: string[] = [];
	for (let k = 0; k < tp.arcStart[tp.nPatients]; k++) bounds.push(` 0 <= x${k} <= 1`);
	const lp = `Minimize\n obj: ${obj.length > 0 ? obj.join(' ') : '0 x0'}\nSubject To\n${rows.join('\n') || ' r: 0 x0 >= 0'}\nBounds\n${bounds.join('\n')}\nEnd\n`;
	const result = highs.solve(lp, { output_flag: false });
	if (result.Status === 'Infeasible') return null;
	expect(result.Status).toBe('Optimal');
	return result.ObjectiveValue + constant;
}

describe('solveTransport', () => {
	it('places a single patient in the cheapest sink', () => {
		const tp: TransportProblem = {
			nPatients: 1,
			nSinks: 2,
			supply: Int32Array.of(1),
			unbooked: Float64Array.of(10),
			mandatory: Uint8Array.of(0),
			capacity: Float64Array.of(1, 1),
			arcStart: Int32Array.of(0, 2),
			arcSink: Int32Array.of(0, 1),
			arcCost: Float64Array.of(5, 3)
		};
		const r = solveTransport(tp);
		expect(Array.from(r.flow)).toEqual([0, 1]);
		expect(r.value).toBe(3);
		expect(r.bound).toBeCloseTo(3, 9);
	});

	it('moves an earlier booking to make room when that is cheaper overall', () => {
		// A (urgent) only fits sink 0; B prefers sink 0 but can use sink 1. One slot each.
		const tp: TransportProblem = {
			nPatients: 2,
			nSinks: 2,
			supply: Int32Array.of(1, 1),
			unbooked: Float64Array.of(100, 50),
			mandatory: Uint8Array.of(0, 0),
			capacity: Float64Array.of(1, 1),
			arcStart: Int32Array.of(0, 1, 3),
			arcSink: Int32Array.of(0, 0, 1),
			arcCost: Float64Array.of(10, 1, 5)
		};
		const r = solveTransport(tp);
		expect(Array.from(r.flow)).toEqual([1, 0, 1]);
		expect(r.value).toBe(15);
	});

	it('routes a mandatory patient even at a loss, and reports one that cannot fit', () => {
		const tp: TransportProblem = {
			nPatients: 3,
			nSinks: 1,
			supply: Int32Array.of(1, 1, 1),
			unbooked: Float64Array.of(100, 0, 0),
			mandatory: Uint8Array.of(0, 1, 1),
			capacity: Float64Array.of(1),
			arcStart: Int32Array.of(0, 1, 2, 3),
			arcSink: Int32Array.of(0, 0, 0),
			arcCost: Float64Array.of(1, 5, 6)
		};
		const r = solveTransport(tp);
		expect(r.flow[1]).toBe(1);
		expect(r.unrouted).toEqual([2]);
	});

	for (const minutes of [false, true]) {
		it(`matches the HiGHS LP optimum on random problems (${minutes ? 'minutes' : 'slots'})`, async () => {
			let compared = 0;
			for (let seed = 1; seed <= 60; seed++) {
				const tp = randomProblem(seed, minutes);
				const r = solveTransport(tp);
				const lp = await lpOptimum(tp);
				if (lp === null) {
					expect(r.unrouted.length).toBeGreaterThan(0);
					continue;
				}
				expect(r.unrouted).toEqual([]);
				expect(r.complete).toBe(true);
				expect(r.value, `seed ${seed}`).toBeCloseTo(lp, 6);
				expect(r.bound, `seed ${seed}`).toBeCloseTo(lp, 6);
				if (!minutes) for (const f of r.flow) expect(Number.isInteger(f)).toBe(true);
				compared++;
			}
			expect(compared).toBeGreaterThan(30);
		});
	}
});
