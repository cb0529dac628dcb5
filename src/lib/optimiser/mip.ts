/**
 * Exact MIP of one component with HiGHS (branch and cut). Variables x[p,s] = 1 when patient p is
 * in session s (rules 2–5 are already in which pairs exist), z[s] = 1 when s opens (only with an
 * opening cost); rows for "at most one session" (exactly one for mandatory patients, rule 8),
 * session minutes (rule 6) and clinician minutes per day (rule 7).
 *
 * The model is built once per component and solved in three ways:
 * - whole, warm-started from the current plan (never worse than it; its dual bound is a proven
 *   lower bound even when the time limit stops the search);
 * - as its LP relaxation, a bound that needs no branching;
 * - restricted to a neighbourhood (large-neighbourhood search): every patient outside a chosen
 *   set is fixed where the plan has them, and the chosen ones may only use the chosen sessions,
 *   so HiGHS re-optimises a window of the plan exactly in a fraction of a second.
 */
import type { Highs, Model as HighsModel } from 'highs';
import { loadHighs } from './highs';
import type { ComponentPlan } from './plan';

export interface MipOutcome {
	/** Proven lower bound on the component's cost (-Infinity when there is none). */
	bound: number;
	optimal: boolean;
	/** The plan was replaced by a better one. */
	improved: boolean;
}

export interface MipOptions {
	timeLimitSeconds: number;
	seed: number;
	/** Start from the current plan (default true). */
	warmStart?: boolean;
	/** Wall-clock instant (ms) by which HiGHS is interrupted, whatever its own clock says. */
	deadline?: number;
	/** Share of the time HiGHS's own limit is set to (default 0.85, see timeLimit). */
	aim?: number;
	/** Called with each new incumbent's cost (the component's objective) as HiGHS finds it. */
	onIncumbent?: (value: number) => void;
}

/** Patients free to move, and the sessions they may use; everyone else stays where they are. */
export interface Neighbourhood {
	freePatient: Uint8Array;
	allowedSession: Uint8Array;
}

const QUIET = { output_flag: false, mip_rel_gap: 1e-10, mip_abs_gap: 1e-7 };

/** The whole model's arrays, from which neighbourhoods' models are cut. */
interface ModelArrays {
	highs: Highs;
	colCost: Float64Array;
	starts: Int32Array;
	indices: Int32Array;
	values: Float64Array;
	rowLower: Float64Array;
	rowUpper: Float64Array;
}

/**
 * HiGHS's own time limit, kept short of the one asked: it reads its clock only now and then (on
 * a loaded machine a run went 0.35 s over), so it is aimed at 85% of the time, less 30 ms, and
 * the deadline's interrupt callback catches the rest.
 */
function timeLimit(options: MipOptions): number {
	const left = options.deadline === undefined ? Infinity : (options.deadline - Date.now()) / 1000;
	return Math.max(0.01, Math.min(options.timeLimitSeconds, left) * (options.aim ?? 0.85) - 0.03);
}

/** HiGHS model status codes used here (types.d.ts: ModelStatusCode). */
const OPTIMAL = 7;

export class ComponentMip {
	readonly plan: ComponentPlan;
	readonly colPatient: Int32Array;
	readonly colSession: Int32Array;
	/** Columns of each patient (CSR over colPatient, which is grouped by patient). */
	readonly patientCols: Int32Array;
	readonly openCols: number[];
	readonly numCols: number;
	/**
	 * False when other components have used some of this one's clinician minutes: the MIP optimum
	 * is then conditional on their plans and its bound no bound on the whole problem.
	 */
	readonly boundValid: boolean;
	private readonly model: HighsModel;
	private readonly integer: Int32Array;
	private readonly continuous: Int32Array;
	/** The LP relaxation's solution (x columns), once lpBound has solved it. */
	lpSolution: Float64Array | null = null;
	/** How long the LP relaxation took (seconds): a guide to how long the MIP's root takes. */
	lpSeconds = 0;

	private readonly data: ModelArrays;

	private constructor(
		plan: ComponentPlan,
		model: HighsModel,
		cols: { patient: Int32Array; session: Int32Array; patientCols: Int32Array; open: number[] },
		boundValid: boolean,
		integerType: number,
		data: ModelArrays
	) {
		this.data = data;
		this.plan = plan;
		this.model = model;
		this.colPatient = cols.patient;
		this.colSession = cols.session;
		this.patientCols = cols.patientCols;
		this.openCols = cols.open;
		this.numCols = cols.patient.length + cols.open.length;
		this.boundValid = boundValid;
		this.integer = new Int32Array(this.numCols).fill(integerType);
		this.continuous = new Int32Array(this.numCols);
	}

	static async build(plan: ComponentPlan): Promise<ComponentMip> {
		const highs = await loadHighs();
		const n = plan.n;
		const colPatient: number[] = [];
		const colSession: number[] = [];
		const patientCols = new Int32Array(n + 1);
		for (let p = 0; p < n; p++) {
			for (let k = plan.eligStart[p]; k < plan.eligStart[p + 1]; k++) {
				for (const s of plan.poolSessions[plan.eligPool[k]]) {
					if (plan.capacity[s] >= plan.duration[p]) {
						colPatient.push(p);
						colSession.push(s);
					}
				}
			}
			patientCols[p + 1] = colPatient.length;
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

		const integerType = highs.constants.variableType.integer;
		const data: ModelArrays = {
			highs,
			colCost,
			starts,
			indices: Int32Array.from(indices),
			values: Float64Array.from(values),
			rowLower,
			rowUpper
		};
		const highsModel = highs.createModel({
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
				indices: data.indices,
				values: data.values
			},
			integrality: new Int32Array(numCols).fill(integerType)
		});
		highsModel.options.set(QUIET);
		return new ComponentMip(
			plan,
			highsModel,
			{
				patient: Int32Array.from(colPatient),
				session: Int32Array.from(colSession),
				patientCols,
				open: openCols
			},
			boundValid,
			integerType,
			data
		);
	}

	/** The current plan as column values. */
	private current(): Float64Array {
		const { plan } = this;
		const x = new Float64Array(this.numCols);
		const nx = this.colPatient.length;
		for (let i = 0; i < nx; i++) if (plan.at[this.colPatient[i]] === this.colSession[i]) x[i] = 1;
		this.openCols.forEach((s, i) => (x[nx + i] = plan.members[s].length > 0 ? 1 : 0));
		return x;
	}

	private run(options: MipOptions, relax: boolean): MipOutcome {
		const { plan } = this;
		if (relax)
			this.model.changeColsIntegrality(
				{ kind: 'range', from: 0, to: this.numCols - 1 },
				this.continuous
			);
		const deadline = options.deadline ?? Infinity;
		const interrupt = (event: { interrupt(): void }): undefined => {
			if (Date.now() >= deadline) event.interrupt();
		};
		try {
			// The relaxation from scratch: primal simplex without presolve was the quickest on
			// the IHTC-like components (1.8 s against 2–3.5 s with the defaults, 20,000 columns).
			this.model.options.set(
				relax
					? { presolve: 'off', simplex_strategy: 4 }
					: { presolve: 'choose', simplex_strategy: 1 }
			);
			this.model.options.set({
				time_limit: timeLimit(options),
				random_seed: options.seed % 2147483647
			});
			if (!relax && (options.warmStart ?? true))
				this.model.setSolution({ colValue: this.current() });
			const nx = this.colPatient.length;
			const onIncumbent = options.onIncumbent;
			this.model.run({
				1: interrupt,
				6: interrupt,
				...(onIncumbent
					? {
							4: (event: { data: { objective_function_value?: number } }): undefined => {
								const v = event.data.objective_function_value;
								if (v !== undefined && Number.isFinite(v)) onIncumbent(v);
							}
						}
					: {})
			});
			const status = this.model.getModelStatus();
			const optimal = status === OPTIMAL;
			if (relax) {
				const value = this.model.getObjectiveValue();
				if (optimal) this.lpSolution = this.model.getSolution().colValue.slice(0, nx);
				return {
					bound: optimal && this.boundValid ? value : -Infinity,
					optimal: false,
					improved: false
				};
			}
			const dual = Number(this.model.info.get('mip_dual_bound'));
			let bound = Number.isFinite(dual) ? dual : -Infinity;
			let improved = false;
			if (Number(this.model.info.get('primal_solution_status')) === 2) {
				const x = this.model.getSolution().colValue;
				const objective = this.model.getObjectiveValue();
				if (optimal) bound = Math.max(bound, objective);
				// A plan missing a mandatory patient is worse than any that has them all (the
				// MIP's always has them), whatever its cost.
				if (
					objective < plan.value - 1e-9 * Math.max(1, Math.abs(plan.value)) ||
					mandatoryMissing(plan)
				)
					improved = adopt(plan, this.colPatient, this.colSession, x.subarray(0, nx));
			}
			return {
				bound: this.boundValid ? bound : -Infinity,
				optimal: optimal && this.boundValid,
				improved
			};
		} finally {
			if (relax)
				this.model.changeColsIntegrality(
					{ kind: 'range', from: 0, to: this.numCols - 1 },
					this.integer
				);
		}
	}

	/** Branch and cut on the whole component, from the current plan. */
	solve(options: MipOptions): MipOutcome {
		return this.run(options, false);
	}

	/** The LP relaxation's optimum, a proven bound (-Infinity if not reached in time). */
	lpBound(options: MipOptions): number {
		const t0 = Date.now();
		const bound = this.run(options, true).bound;
		this.lpSeconds = (Date.now() - t0) / 1000;
		return bound;
	}

	/**
	 * Re-optimises the neighbourhood exactly (or as far as time allows), on a model of its own
	 * columns only: the rows keep what the fixed patients leave of each session, clinician-day
	 * and mandatory patient. True if the plan improved.
	 */
	reoptimise(hood: Neighbourhood, options: MipOptions): boolean {
		const { plan, data } = this;
		const nx = this.colPatient.length;
		const n = plan.n;
		// Activity of the fixed part in every row.
		const fixedRow = new Float64Array(data.rowUpper.length);
		const free = (p: number): boolean =>
			hood.freePatient[p] === 1 || (plan.mandatory[p] === 1 && plan.at[p] < 0);
		const cols: number[] = [];
		for (let i = 0; i < nx; i++) {
			const p = this.colPatient[i];
			if (free(p)) {
				if (hood.allowedSession[this.colSession[i]]) cols.push(i);
			} else if (plan.at[p] === this.colSession[i]) {
				for (let k = data.starts[i]; k < data.starts[i + 1]; k++)
					fixedRow[data.indices[k]] += data.values[k];
			}
		}
		if (cols.length === 0) return false;
		// Sessions the fixed part keeps open have their opening paid: no z column, full minutes.
		const openColOf = new Map<number, number>();
		this.openCols.forEach((s, i) => {
			if (!hood.allowedSession[s]) return;
			if (plan.members[s].some((p) => !free(p))) fixedRow[n + s] -= plan.capacity[s];
			else openColOf.set(s, nx + i);
		});
		const sub = [...cols, ...openColOf.values()];
		const rowOf = new Map<number, number>();
		const rowIds: number[] = [];
		const starts = new Int32Array(sub.length + 1);
		const indices: number[] = [];
		const values: number[] = [];
		const colCost = new Float64Array(sub.length);
		sub.forEach((c, j) => {
			colCost[j] = data.colCost[c];
			for (let k = data.starts[c]; k < data.starts[c + 1]; k++) {
				const r = data.indices[k];
				let row = rowOf.get(r);
				if (row === undefined) {
					row = rowIds.length;
					rowOf.set(r, row);
					rowIds.push(r);
				}
				indices.push(row);
				values.push(data.values[k]);
			}
			starts[j + 1] = indices.length;
		});
		const numRows = rowIds.length;
		const rowLower = new Float64Array(numRows);
		const rowUpper = new Float64Array(numRows);
		rowIds.forEach((r, i) => {
			rowLower[i] =
				data.rowLower[r] === -data.highs.infinity
					? -data.highs.infinity
					: data.rowLower[r] - fixedRow[r];
			rowUpper[i] = data.rowUpper[r] - fixedRow[r];
		});
		const start = new Float64Array(sub.length);
		sub.forEach((c, j) => {
			if (c < nx) start[j] = plan.at[this.colPatient[c]] === this.colSession[c] ? 1 : 0;
			else start[j] = plan.members[this.openCols[c - nx]].length > 0 ? 1 : 0;
		});
		const model = data.highs.createModel({
			numCols: sub.length,
			numRows,
			colCost,
			colLower: new Float64Array(sub.length),
			colUpper: new Float64Array(sub.length).fill(1),
			rowLower,
			rowUpper,
			matrix: {
				format: 'csc',
				numRows,
				numCols: sub.length,
				starts,
				indices: Int32Array.from(indices),
				values: Float64Array.from(values)
			},
			integrality: new Int32Array(sub.length).fill(data.highs.constants.variableType.integer)
		});
		try {
			// A step needs a better plan, not a proof: it stops within 0.01% of its own bound.
			model.options.set({ ...QUIET, mip_rel_gap: 1e-4 });
			model.options.set({
				time_limit: timeLimit(options),
				random_seed: options.seed % 2147483647
			});
			if (!mandatoryMissing(plan)) model.setSolution({ colValue: start });
			const deadline = options.deadline ?? Infinity;
			const interrupt = (event: { interrupt(): void }): undefined => {
				if (Date.now() >= deadline) event.interrupt();
			};
			model.run({ 1: interrupt, 6: interrupt });
			if (Number(model.info.get('primal_solution_status')) !== 2) return false;
			const x = model.getSolution().colValue;
			const missing = mandatoryMissing(plan);
			const before = plan.value;
			const mark = plan.mark();
			for (let p = 0; p < n; p++) if (free(p) && plan.at[p] >= 0) plan.unplace(p);
			for (let j = 0; j < cols.length; j++) {
				if (x[j] < 0.5) continue;
				const p = this.colPatient[cols[j]];
				if (plan.at[p] >= 0 || !plan.canPlace(p, this.colSession[cols[j]])) {
					plan.rollback(mark);
					plan.commit();
					return false;
				}
				plan.place(p, this.colSession[cols[j]]);
			}
			const better = missing
				? !mandatoryMissing(plan)
				: plan.value < before - 1e-9 * Math.max(1, Math.abs(before));
			if (!better) plan.rollback(mark);
			plan.commit();
			return better;
		} finally {
			model.dispose();
		}
	}

	dispose(): void {
		this.model.dispose();
	}
}

/** The whole-component MIP once, from the current plan (the plan only ever gets better). */
export async function solveComponentMip(
	plan: ComponentPlan,
	options: MipOptions
): Promise<MipOutcome | null> {
	const mip = await ComponentMip.build(plan);
	try {
		return mip.solve(options);
	} finally {
		mip.dispose();
	}
}

function mandatoryMissing(plan: ComponentPlan): boolean {
	for (let p = 0; p < plan.n; p++) if (plan.mandatory[p] && plan.at[p] < 0) return true;
	return false;
}

/** Replaces the component's plan by the MIP's, or leaves it untouched if any placement fails. */
function adopt(
	plan: ComponentPlan,
	colPatient: Int32Array,
	colSession: Int32Array,
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
