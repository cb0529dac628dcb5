/**
 * Exact MIP of one component with HiGHS (branch and cut), for components small enough to close.
 * Variables x[p,s] = 1 when patient p is in session s (rules 2–5 are already in which pairs
 * exist), z[s] = 1 when s opens (only with an opening cost); rows for "at most one session"
 * (exactly one for mandatory patients, rule 8), session minutes (rule 6) and clinician minutes per
 * day (rule 7). The current plan is the warm start, so the answer is never worse; its dual bound
 * is a valid lower bound on the component even when the time limit stops the search.
 */
import { loadHighs } from './highs';
import type { ComponentPlan } from './plan';

export interface MipOutcome {
	/** Proven lower bound on the component's cost. */
	bound: number;
	optimal: boolean;
	/** The plan was replaced by a better one. */
	improved: boolean;
}

export interface MipOptions {
	timeLimitSeconds: number;
	seed: number;
}

/** HiGHS model status codes used here (types.d.ts: ModelStatusCode). */
const OPTIMAL = 7;

export async function solveComponentMip(
	plan: ComponentPlan,
	options: MipOptions
): Promise<MipOutcome | null> {
	const highs = await loadHighs();
	const n = plan.n;
	const colPatient: number[] = [];
	const colSession: number[] = [];
	for (let p = 0; p < n; p++) {
		for (let k = plan.eligStart[p]; k < plan.eligStart[p + 1]; k++) {
			for (const s of plan.poolSessions[plan.eligPool[k]]) {
				if (plan.capacity[s] >= plan.duration[p]) {
					colPatient.push(p);
					colSession.push(s);
				}
			}
		}
	}
	const openCols: number[] = [];
	if (plan.openCost > 0)
		for (let s = 0; s < plan.nSessions; s++) if (!plan.fixedOpen[s]) openCols.push(s);

	// Rule 7 rows: minutes left to the component for each limited clinician and day it touches.
	const model = plan.model;
	const cdRow = new Map<number, number>();
	const cdLimit: number[] = [];
	const own = new Map<number, number>();
	for (let p = 0; p < n; p++) {
		if (plan.at[p] < 0) continue;
		const cd = model.clinicianDay(plan.patient(p), model.sessions[plan.sessions[plan.at[p]]].day);
		if (cd >= 0) own.set(cd, (own.get(cd) ?? 0) + plan.duration[p]);
	}
	// When other components have used some of those minutes, the MIP optimum is conditional on
	// their plans and its bound is not a bound on the whole problem any more.
	let boundValid = true;
	const colCd = colPatient.map((p, i) => {
		const cd = model.clinicianDay(
			plan.patient(p),
			model.sessions[plan.sessions[colSession[i]]].day
		);
		if (cd < 0 || !Number.isFinite(model.limits[cd])) return -1;
		let row = cdRow.get(cd);
		if (row === undefined) {
			row = cdLimit.length;
			cdRow.set(cd, row);
			const external = plan.loads.clinicianUsed[cd] - (own.get(cd) ?? 0);
			if (external > plan.clinicianBase[cd]) boundValid = false;
			cdLimit.push(model.limits[cd] - external);
		}
		return row;
	});

	const nx = colPatient.length;
	const numCols = nx + openCols.length;
	const nRows = n + plan.nSessions + cdLimit.length;
	const colCost = new Float64Array(numCols);
	const starts = new Int32Array(numCols + 1);
	const indices: number[] = [];
	const values: number[] = [];
	let offset = 0;
	for (let p = 0; p < n; p++) if (!plan.mandatory[p]) offset += plan.unbooked[p];
	for (let i = 0; i < nx; i++) {
		const p = colPatient[i];
		const s = colSession[i];
		colCost[i] = plan.cost(p, s) - (plan.mandatory[p] ? 0 : plan.unbooked[p]);
		indices.push(p, n + s);
		values.push(1, plan.duration[p]);
		if (colCd[i] >= 0) {
			indices.push(n + plan.nSessions + colCd[i]);
			values.push(plan.duration[p]);
		}
		starts[i + 1] = indices.length;
	}
	openCols.forEach((s, i) => {
		colCost[nx + i] = plan.openCost;
		indices.push(n + s);
		values.push(-plan.capacity[s]);
		starts[nx + i + 1] = indices.length;
	});
	const rowLower = new Float64Array(nRows).fill(-highs.infinity);
	const rowUpper = new Float64Array(nRows);
	for (let p = 0; p < n; p++) {
		rowUpper[p] = 1;
		if (plan.mandatory[p]) rowLower[p] = 1;
	}
	const opened = new Set(openCols);
	for (let s = 0; s < plan.nSessions; s++) rowUpper[n + s] = opened.has(s) ? 0 : plan.capacity[s];
	cdLimit.forEach((limit, r) => (rowUpper[n + plan.nSessions + r] = Math.max(0, limit)));

	const start = new Float64Array(numCols);
	for (let i = 0; i < nx; i++) if (plan.at[colPatient[i]] === colSession[i]) start[i] = 1;
	openCols.forEach((s, i) => (start[nx + i] = plan.members[s].length > 0 ? 1 : 0));

	const model_ = highs.createModel({
		numCols,
		numRows: nRows,
		offset,
		colCost,
		colLower: new Float64Array(numCols),
		colUpper: new Float64Array(numCols).fill(1),
		rowLower,
		rowUpper,
		matrix: {
			format: 'csc',
			numRows: nRows,
			numCols,
			starts,
			indices: Int32Array.from(indices),
			values: Float64Array.from(values)
		},
		integrality: new Int32Array(numCols).fill(highs.constants.variableType.integer)
	});
	try {
		model_.options.set({
			output_flag: false,
			time_limit: options.timeLimitSeconds,
			random_seed: options.seed % 2147483647,
			mip_rel_gap: 1e-10,
			mip_abs_gap: 1e-7
		});
		model_.setSolution({ colValue: start });
		model_.run();
		const status = model_.getModelStatus();
		const optimal = status === OPTIMAL;
		const dual = Number(model_.info.get('mip_dual_bound'));
		let bound = Number.isFinite(dual) ? dual : -Infinity;
		let improved = false;
		const primalStatus = Number(model_.info.get('primal_solution_status'));
		if (primalStatus === 2) {
			const x = model_.getSolution().colValue;
			const objective = model_.getObjectiveValue();
			if (optimal) bound = Math.max(bound, objective);
			if (objective < plan.value - 1e-9 * Math.max(1, Math.abs(plan.value))) {
				improved = adopt(plan, colPatient, colSession, x);
			}
		}
		return { bound: boundValid ? bound : -Infinity, optimal: optimal && boundValid, improved };
	} finally {
		model_.dispose();
	}
}

/** Replaces the component's plan by the MIP's, or leaves it untouched if any placement fails. */
function adopt(
	plan: ComponentPlan,
	colPatient: number[],
	colSession: number[],
	x: Float64Array
): boolean {
	const mark = plan.mark();
	for (let p = 0; p < plan.n; p++) if (plan.at[p] >= 0) plan.unplace(p);
	for (let i = 0; i < colPatient.length; i++) {
		if (x[i] < 0.5) continue;
		const p = colPatient[i];
		if (plan.at[p] >= 0 || !plan.canPlace(p, colSession[i])) {
			plan.rollback(mark);
			plan.commit();
			return false;
		}
		plan.place(p, colSession[i]);
	}
	plan.commit();
	return true;
}
