/**
 * The planning engine: problem in, solution out (shared/spec/planning-problem.md).
 *
 * 1. Pinned patients are fixed first (rule 9); a pin that would break rules 2–7 is reported in
 *    `unmet` and the patient planned like any other.
 * 2. Mandatory patients with nowhere to go by their latest date are reported (rule 8) and from
 *    then on planned as ordinary patients. Every reason given in `unmet` is a proof (a pin that
 *    breaks a rule, no session that could take the patient, or the relaxation, which never has less
 *    room than the sessions, unable to route them all), except a mandatory patient the search merely
 *    did not place: that one starts NOT_PLACED and says so.
 * 3. The rest splits into independent components (see components.ts). Each is relaxed to a
 *    transportation problem solved exactly (flow.ts): its optimum is the component's lower bound
 *    and, when all its patients last the same, usually the exact plan. Otherwise the relaxation
 *    seeds a plan that local search improves (improve.ts); a Lagrangian over the sessions'
 *    knapsacks (lagrange.ts) gives a stronger bound and, from its prices, another start for the
 *    search (construct.ts, priceSweep), used where the lengths pack coarsely and the LP's
 *    rounding lands far from the bound. Components small enough for HiGHS (mip.ts) then get
 *    the rest of the time: the LP relaxation for a bound, the whole MIP from the best plan so
 *    far (which may prove it optimal), a large-neighbourhood search that re-optimises windows
 *    of the plan exactly (lns.ts), the whole MIP again from the LNS's plan for its bound, and
 *    the LNS again to the end of the time.
 * 4. The objective is recomputed from the bookings with the same code the checker uses.
 */
import { objectiveBreakdown, withinTolerance } from '../domain/planning/objective';
import type { ParsedProblem } from '../domain/planning/problem';
import {
	type Booking,
	NOT_PLACED,
	type PlanningSolution,
	sessionRef,
	type Unmet
} from '../domain/planning/solution';
import { fromDayNumber } from '../domain/rtt';
import { treatInTurn } from './classes';
import { buildComponents, buildPools, PoolIndex } from './components';
import {
	insertPatients,
	placeRelaxation,
	priceSweep,
	relax,
	type Relaxation,
	sweepRelaxation
} from './construct';
import { knapsackBound, type LagrangeResult, pricesFromLp } from './lagrange';
import { improve } from './improve';
import { largeNeighbourhoodSearch, repairDays } from './lns';
import { ComponentMip, type MipOutcome } from './mip';
import { Loads, Model, type ModelPatient, type ModelSession } from './model';
import { ComponentPlan } from './plan';
import { loadHighs } from './highs';
import { createRng } from './rng';

export interface SolveProgress {
	phase: 'prepare' | 'components' | 'done';
	done: number;
	total: number;
	message?: string;
}

export interface SolveOptions {
	/** Wall-clock budget for the whole solve, in seconds (default 60). */
	timeLimitSeconds?: number;
	/** Seeds the local search; the same seed gives the same plan unless the time limit cuts in. */
	seed?: number;
	onProgress?: (progress: SolveProgress) => void;
	/** Try HiGHS MIP on small components that the relaxation does not settle (default true). */
	mip?: boolean;
	/** Largest component (patients × session pools they could use) HiGHS works on. */
	mipMaxArcs?: number;
	/** Called when the plan improves, with its objective (before the final tidy, which never raises it). */
	onIncumbent?: (objective: number) => void;
	/**
	 * Benchmark only: after the relaxation, HiGHS alone on each component for all the time left,
	 * without our plan as its start (the plan returned is still never worse than the rounding).
	 */
	highsOnly?: boolean;
}

interface Work {
	plan: ComponentPlan;
	bound: number;
	method: string;
	relaxation: Relaxation;
	/** Phase 2's Lagrangian prices, where lengths differ and a gap was left. */
	lagrange?: LagrangeResult;
	/** Proven bounds by source (the relaxation's own is `relaxation.bound`). */
	bounds: { lagrange?: number; lp?: number; mip?: number };
}

/**
 * Where the LP's plan lies this far (relative) above the bound or more, the search starts from
 * the Lagrangian prices' plan instead; below LP_START_BELOW, from the LP's; in between, from both.
 */
const PRICE_START_FROM = 0.04;
const LP_START_BELOW = 0.025;

/**
 * The Lagrangian's first step scale. Its steps aim between the bound and the plan's cost, and
 * before the search that cost is the LP's rounding, up to 6% above the optimum where lengths pack
 * coarsely: whole steps then overshoot for dozens of iterations (none of the ten 10,000-patient
 * theatre components rose above the LP's prices within 40 steps at 1; at 0.1 they gain
 * 0.01–0.2% of bound in 100 steps).
 */
const FIRST_THETA = 0.1;

/**
 * Components up to this size (patients × pools) leave the perturbation phase of the search to
 * HiGHS, which does better there; bigger ones (up to mipMaxArcs) keep it and get HiGHS after.
 */
const PERTURB_ABOVE = 6000;

/** MIP models up to this many columns get most of their time as one whole MIP, to prove it. */
const SMALL_MIP_COLUMNS = 5000;
/**
 * A component too big for SMALL_MIP_COLUMNS gets this share of its time as one whole MIP before
 * the LNS, when that is at least ROOT_LPS times its LP relaxation's time (the root's LPs, cuts
 * and heuristics); otherwise the LNS starts at once.
 */
const BIG_MIP_FIRST_SHARE = 0.15;
const ROOT_LPS = 4;
/** The least time (ms) a component still open is given with HiGHS, while there is that much left. */
const MIN_MIP_SHARE_MS = 500;

interface ComponentOutcome {
	specialty: string;
	method: string;
	value: number;
	bound: number;
}

export async function solve(
	problem: ParsedProblem,
	options: SolveOptions = {}
): Promise<PlanningSolution> {
	const started = Date.now();
	const limitMs = Math.max(0, (options.timeLimitSeconds ?? 60) * 1000);
	// Keep back time to write the answer: a little per patient, plus a share of the budget.
	const reserve = Math.min(limitMs * 0.2, 150 + limitMs * 0.03 + problem.patients.length * 0.01);
	const deadline = started + limitMs - reserve;
	const progress = options.onProgress ?? (() => undefined);
	const rng = createRng(options.seed ?? 1);
	// Compiling HiGHS's WebAssembly takes a while on the first solve: start it now, alongside
	// the relaxation, rather than on phase 4's time.
	if (options.mip ?? true) void loadHighs();
	progress({ phase: 'prepare', done: 0, total: 1 });

	const model = new Model(problem);
	const loads = new Loads(model);
	const assigned = new Int32Array(model.patients.length).fill(-1);
	const unmet = new Map<number, string>();

	for (const p of model.patients) {
		if (p.pinned < 0) continue;
		const s = model.sessions[p.pinned];
		const problemWithPin = pinProblem(model, loads, p, s);
		if (problemWithPin !== null) {
			unmet.set(
				p.index,
				`pinned to ${sessionRef(s.id)}, but ${problemWithPin}; planned elsewhere if possible`
			);
			continue;
		}
		loads.add(p, s.index);
		assigned[p.index] = s.index;
		if (p.mandatory && s.day > p.latest) {
			unmet.set(
				p.index,
				`mandatory by ${fromDayNumber(p.latest)}, but pinned to ${sessionRef(s.id)}, which is later`
			);
		}
	}

	for (const p of model.patients) {
		if (!p.mandatory || assigned[p.index] >= 0) continue;
		if (
			!model.sessions.some(
				(s) => model.suits(p, s) && model.canAttendOn(p, s.day) && loads.fits(p, s.index)
			)
		) {
			unmet.set(
				p.index,
				`mandatory, but no session ${p.latest < Infinity ? 'by their latest date ' : ''}suits them (specialty, slot type, clinician, dates) with room left`
			);
			p.mandatory = false;
		}
	}

	const pools = buildPools(model, loads);
	const index = new PoolIndex(model, loads, pools);
	const free = model.patients.filter((p) => assigned[p.index] < 0).map((p) => p.index);
	const { components, isolated } = buildComponents(index, model, free);

	// Cost fixed before any choice: pinned patients, sessions they open, patients with no option.
	let fixed = 0;
	for (const p of model.patients) {
		if (assigned[p.index] >= 0) fixed += model.costOn(p, model.sessions[assigned[p.index]].day);
	}
	for (let s = 0; s < model.sessions.length; s++) {
		if (loads.sessionUsed[s] > 0) fixed += problem.weights.sessionOpenCost;
	}
	for (const pi of isolated) fixed += model.patients[pi].unbooked;

	const stats = { augmentations: 0, moves: 0, mipComponents: 0, mipSeconds: 0, lnsSteps: 0 };
	const phaseStart = { at: started };
	const phaseSeconds: Record<string, number> = {};
	const lap = (name: string): void => {
		const now = Date.now();
		phaseSeconds[name] = (now - phaseStart.at) / 1000;
		phaseStart.at = now;
	};
	lap('prepare');
	const tolerance = (x: number): number => 1e-9 * Math.max(1, Math.abs(x));

	// Phase 1: relax and place every component, so that each has a plan and a bound early.
	const works: Work[] = [];
	progress({ phase: 'components', done: 0, total: components.length, message: 'relaxing' });
	for (const [ci, component] of components.entries()) {
		const plan = new ComponentPlan(model, loads, index, component);
		let relaxation = relax(plan, deadline);
		if (relaxation.complete && relaxation.unrouted.length > 0) {
			for (const p of relaxation.unrouted) {
				const mp = plan.patient(p);
				unmet.set(
					mp.index,
					'mandatory, but the sessions they could use by their latest date are needed for other mandatory patients'
				);
				mp.mandatory = false;
				plan.mandatory[p] = 0;
			}
			relaxation = relax(plan, deadline);
		}
		stats.augmentations += relaxation.augmentations;
		const leftover = relaxation.slots
			? placeRelaxation(plan, relaxation)
			: sweepRelaxation(plan, relaxation);
		// A relaxation cut short by the deadline leaves patients it never reached.
		if (!relaxation.complete) for (let p = 0; p < plan.n; p++) if (plan.at[p] < 0) leftover.push(p);
		insertPatients(plan, leftover);
		works.push({
			plan,
			bound: relaxation.bound,
			method: relaxation.slots ? 'flow' : 'lp-round',
			relaxation,
			bounds: {}
		});
		progress({ phase: 'components', done: ci + 1, total: components.length, message: 'relaxing' });
	}

	lap('relax');
	const current = (): number => fixed + works.reduce((sum, w) => sum + w.plan.value, 0);
	let reported = Infinity;
	// Only plans better than the last reported (HiGHS's incumbents can be worse than ours).
	const report = (value = current()): void => {
		if (value < reported - tolerance(value)) {
			reported = value;
			options.onIncumbent?.(value);
		}
	};
	report();
	const gapOf = (w: Work): number => Math.max(0, w.plan.value - w.bound);
	const isOpen = (w: Work): boolean => gapOf(w) > tolerance(w.plan.value);

	const useMip = options.mip ?? true;
	const mipMaxArcs = options.mipMaxArcs ?? 40_000;
	const fitsMip = (w: Work): boolean => useMip && w.plan.eligPool.length <= mipMaxArcs;

	if (options.highsOnly) {
		const open = works.filter(isOpen);
		for (const [i, w] of open.entries()) {
			const mip = await ComponentMip.build(w.plan);
			try {
				const others = current() - w.plan.value;
				const outcome = mip.solve({
					timeLimitSeconds: Math.max(0, deadline - Date.now()) / 1000 / (open.length - i),
					deadline,
					seed: options.seed ?? 1,
					warmStart: false,
					aim: 1,
					// HiGHS's own incumbents as they come (the benchmark traces them).
					onIncumbent: (v) => options.onIncumbent?.(others + v)
				});
				w.bound = Math.max(w.bound, outcome.bound);
				w.bounds.mip = outcome.bound;
				w.method += outcome.optimal ? '+mip(optimal)' : '+mip';
			} finally {
				mip.dispose();
			}
		}
		return finish();
	}

	// Phase 2: Lagrangian prices where lengths differ (lagrange.ts), on a fifth of the time: a
	// bound stronger than the minutes LP, and the prices behind a second start for the search.
	const priced = works.filter((w) => isOpen(w) && !w.relaxation.slots);
	const priceEnd = Date.now() + Math.max(0, deadline - Date.now()) * 0.2;
	let sizeLeft = priced.reduce((sum, w) => sum + w.plan.n, 0);
	for (const w of priced) {
		const t0 = Date.now();
		const share = (Math.max(0, priceEnd - t0) * w.plan.n) / Math.max(1, sizeLeft);
		sizeLeft -= w.plan.n;
		w.lagrange = knapsackBound(w.plan, pricesFromLp(w.plan, w.relaxation.price, true), {
			upper: w.plan.value,
			deadline: Math.min(priceEnd, t0 + share),
			theta: FIRST_THETA
		});
		w.bounds.lagrange = w.lagrange.bound;
		if (w.lagrange.bound > w.bound) {
			w.bound = w.lagrange.bound;
			w.method += '+lagrange';
		}
	}

	lap('lagrange');
	// Phase 3: local search where a gap is left, on most of the time, shared in proportion to
	// the gaps. A component whose search stops improving hands its time back.
	// What the search leaves goes to the MIP, where components are small enough for it, and to
	// the Lagrangian's bound, which gains little more by then (0.03% in 8 s at 100,000 patients).
	const mipLater = works.some((w) => isOpen(w) && fitsMip(w));
	const searchEnd = Date.now() + Math.max(0, deadline - Date.now()) * (mipLater ? 0.75 : 0.9);
	// A gap below 0.001% of the whole objective (typically a slot-counting relaxation that a
	// clinician's daily limit nudged) is not worth the time.
	const total = fixed + works.reduce((sum, w) => sum + w.plan.value, 0);
	const searched = works
		.filter((w) => gapOf(w) > 1e-5 * Math.abs(total))
		.sort((a, b) => gapOf(b) - gapOf(a));
	let gapLeft = searched.reduce((sum, w) => sum + gapOf(w), 0);
	for (const [i, w] of searched.entries()) {
		progress({ phase: 'components', done: i, total: searched.length, message: 'searching' });
		const now = Date.now();
		const share = (Math.max(0, searchEnd - now) * gapOf(w)) / Math.max(gapLeft, 1e-12);
		gapLeft -= gapOf(w);
		const end = Math.min(searchEnd, now + share);
		// Components small enough for the MIP get it instead of the perturbation phase, and so
		// do those already within 0.1% of their bound. Where everyone lasts the same, the exact
		// relaxation only needs mending where a clinician's limit got in the way: a light search.
		const search = (until: number): void => {
			const result = improve(w.plan, {
				deadline: until,
				rng,
				// With one length throughout, reassigning by length already does what pairs would.
				partners: w.relaxation.slots ? 0 : 3,
				patience: w.relaxation.slots ? 1 : 3,
				perturb:
					!w.relaxation.slots &&
					!(useMip && w.plan.eligPool.length <= PERTURB_ABOVE) &&
					gapOf(w) > 1e-3 * Math.abs(w.plan.value)
			});
			stats.moves += result.moves;
		};
		// Packing local optima are deep, and which one the search ends in depends mostly on where
		// it starts: the LP's plan, or the one the Lagrangian prices build (priceSweep). Which
		// is better shows in how far the LP's rounding lands from the bound (measured on the
		// generated theatre lists, 2,000 to 100,000 patients): within 2.5% where the lengths
		// pack finely, and the LP's start then ends 0.3–1% better; 4.5–6% where long procedures
		// pack coarsely into the lists, and the price start then ends 1–2% better, even from
		// the LP's own prices. In between, both get half the time and the better is kept.
		const startGap = gapOf(w) / Math.max(1e-12, Math.abs(w.plan.value));
		if (w.lagrange === undefined || startGap < LP_START_BELOW) {
			search(end);
			w.method += '+search';
			continue;
		}
		const both = startGap < PRICE_START_FROM;
		if (both) search(now + (end - now) / 2);
		const first = w.plan.snapshot();
		const firstValue = w.plan.value;
		const firstMandatory = mandatoryBooked(w.plan);
		for (let p = 0; p < w.plan.n; p++) if (w.plan.at[p] >= 0) w.plan.unplace(p);
		w.plan.commit();
		priceSweep(w.plan, w.lagrange.rho);
		search(end);
		if (w.plan.value < firstValue && mandatoryBooked(w.plan) >= firstMandatory)
			w.method += '+price-start+search';
		else {
			w.plan.restore(first);
			w.method += both ? '+search' : '';
		}
	}

	lap('search');
	report();
	// Phase 4: HiGHS on the components small enough for it and still open, on the time left
	// but what the Lagrangian of the others needs; each in proportion to its gap:
	// - the LP relaxation, a bound (the minutes relaxation ignores clinicians' daily limits);
	// - the whole MIP from the plan so far, which closes small components (proven optimal),
	//   where its share can take it past the root;
	// - large-neighbourhood search (lns.ts), which improves the plan where the MIP cannot close;
	// - the whole MIP again from the LNS's plan: its dual bound, and a last chance to prove it;
	// - the LNS again, on whatever time that run leaves, to the component's end.
	const small = works.filter((w) => isOpen(w) && fitsMip(w));
	const lagrangeAfter = works.some((w) => isOpen(w) && !fitsMip(w) && w.lagrange !== undefined);
	// Each component's time ends with LNS steps, short and interrupted at their deadline
	// (mip.ts), so only 2% is kept back for HiGHS running over.
	const mipEnd = Date.now() + Math.max(0, deadline - Date.now()) * (lagrangeAfter ? 0.8 : 0.98);
	let mipGapLeft = small.reduce((sum, w) => sum + gapOf(w), 0);
	for (const w of small) {
		const now = Date.now();
		const left = Math.max(0, mipEnd - now);
		// In proportion to its gap, but never less than half a second while there is time: a
		// component with a tiny gap is often one HiGHS proves optimal at once, and skipping it
		// would leave the whole plan unproven.
		const share = Math.max(
			left * (gapOf(w) / Math.max(mipGapLeft, 1e-12)),
			Math.min(left, MIN_MIP_SHARE_MS)
		);
		mipGapLeft -= gapOf(w);
		if (share < 50) continue;
		const end = Math.min(mipEnd, now + share);
		const mipStart = Date.now();
		// HiGHS may still be compiling (the first solve in a process): wait only until `end`.
		if (!(await loadedBy(end))) continue;
		const mip = await ComponentMip.build(w.plan);
		stats.mipComponents++;
		if (Date.now() >= end) {
			mip.dispose();
			continue;
		}
		const others = current() - w.plan.value;
		const run = (until: number, onIncumbent?: (v: number) => void) => {
			const outcome = mip.solve({
				timeLimitSeconds: Math.max(0, until - Date.now()) / 1000,
				deadline: until,
				seed: options.seed ?? 1,
				onIncumbent
			});
			if (outcome.bound > w.bound) w.bound = outcome.bound;
			w.bounds.mip = Math.max(w.bounds.mip ?? -Infinity, outcome.bound);
			return outcome;
		};
		try {
			// Up to 30% of the share from now, not from before HiGHS loaded and the model was
			// built (on the first solve in a process, loading could take all of it): the LP is
			// the bound to quote where clinicians' limits bind (the Lagrangian relaxes them) and
			// guides the LNS, and it stops as soon as it is solved.
			const lpEnd = Math.min(end, Date.now() + share * 0.3);
			const lp = mip.lpBound({
				timeLimitSeconds: Math.max(0, lpEnd - Date.now()) / 1000,
				deadline: lpEnd,
				seed: options.seed ?? 1
			});
			if (Number.isFinite(lp)) w.bounds.lp = lp;
			if (lp > w.bound) w.bound = lp;
			// A mandatory patient the search could not place: re-optimise the days they could use.
			if (repairDays(mip) !== null)
				largeNeighbourhoodSearch(mip, {
					deadline: Date.now() + Math.max(0, end - Date.now()) * 0.3,
					rng,
					seed: options.seed ?? 1,
					repairOnly: true
				});
			// Small models usually close, and did with 70% of the time before the LNS came in. A
			// big one starts with the LNS unless its share could take the MIP past the root (a few
			// LPs' time): cut off in the root, the whole MIP returns neither a plan nor a bound, and
			// the LNS had improved the IHTC-like components within that time.
			const wholeFirst =
				mip.numCols <= SMALL_MIP_COLUMNS ||
				BIG_MIP_FIRST_SHARE * (end - Date.now()) >= ROOT_LPS * 1000 * mip.lpSeconds;
			let outcome: MipOutcome = { bound: -Infinity, optimal: false, improved: false };
			let whole = wholeFirst;
			if (wholeFirst) {
				const firstShare = mip.numCols <= SMALL_MIP_COLUMNS ? 0.6 : BIG_MIP_FIRST_SHARE;
				outcome = run(Date.now() + Math.max(0, end - Date.now()) * firstShare, (v) =>
					report(others + v)
				);
				report();
			}
			if (!outcome.optimal && isOpen(w)) {
				// HiGHS checks its clock only now and then, and not at all in parts of the root
				// (seconds over, on a loaded machine): the last whole-MIP run, for its bound, is
				// only tried with a few root LPs' time left, and stops early by one. HiGHS aims
				// short of the time it is given (mip.ts, timeLimit) and may prove or give up
				// early: the LNS carries on to the end from its plan, so no time is left unused.
				const lns = (until: number): void => {
					const result = largeNeighbourhoodSearch(mip, {
						deadline: until,
						rng,
						seed: (options.seed ?? 1) + stats.lnsSteps,
						onImprove: () => report()
					});
					stats.lnsSteps += result.steps;
					if (result.steps > 0 && !w.method.includes('+lns')) w.method += '+lns';
				};
				const finalMip = Math.max(0.3 * (end - Date.now()), 3000 * mip.lpSeconds);
				const lnsEnd = end - (finalMip < 0.5 * (end - Date.now()) ? finalMip : 0);
				lns(lnsEnd);
				if (isOpen(w) && end - lnsEnd > 20) {
					const last = run(end - 1000 * mip.lpSeconds, (v) => report(others + v));
					whole = true;
					if (last.optimal || last.bound > outcome.bound) outcome = last;
					report();
				}
				if (isOpen(w) && !outcome.optimal) lns(end);
				report();
			}
			if (whole) w.method += outcome.optimal ? '+mip(optimal)' : '+mip';
		} finally {
			mip.dispose();
		}
		stats.mipSeconds += (Date.now() - mipStart) / 1000;
	}

	lap('mip');
	// Phase 5: the Lagrangian carries on with the time left, from where phase 2 stopped.
	const bounded = works.filter((w) => isOpen(w) && w.lagrange !== undefined);
	sizeLeft = bounded.reduce((sum, w) => sum + w.plan.n, 0);
	for (const w of bounded) {
		const t0 = Date.now();
		// Its first step only recomputes the bound it has: not worth running past the deadline.
		if (t0 >= deadline) break;
		const share = (Math.max(0, deadline - t0) * w.plan.n) / Math.max(1, sizeLeft);
		sizeLeft -= w.plan.n;
		const before = w.lagrange;
		if (before === undefined) continue;
		const lag = knapsackBound(w.plan, before.rho, {
			upper: w.plan.value,
			deadline: Math.min(deadline, t0 + share),
			theta: before.theta,
			maxIterations: 1000
		});
		w.bounds.lagrange = Math.max(w.bounds.lagrange ?? -Infinity, lag.bound);
		if (lag.bound > w.bound) {
			w.bound = lag.bound;
			if (!w.method.includes('+lagrange')) w.method += '+lagrange';
		}
	}

	lap('bound');
	return finish();

	function finish(): PlanningSolution {
		const outcomes: ComponentOutcome[] = [];
		for (const w of works) {
			const { plan } = w;
			treatInTurn(plan);
			if (plan.value <= w.bound + tolerance(plan.value)) w.method += ' (exact)';
			for (let p = 0; p < plan.n; p++) {
				if (plan.at[p] >= 0) assigned[plan.patients[p]] = plan.sessions[plan.at[p]];
				else if (plan.mandatory[p] && !unmet.has(plan.patients[p])) {
					// Not a proof: the exact checks above found nothing against them, and the
					// search (out of time, or stuck) did not find their room. Said so (NOT_PLACED).
					const mp = model.patients[plan.patients[p]];
					unmet.set(
						mp.index,
						`${NOT_PLACED} in the time allowed: try a longer search (mandatory ${mp.latest < Infinity ? `by ${fromDayNumber(mp.latest)}` : 'in the horizon'}; no room was found for them in time, which does not prove there is none)`
					);
				}
			}
			outcomes.push({
				specialty: plan.patient(0).specialty,
				method: w.method,
				value: plan.value,
				bound: Math.min(w.bound, plan.value)
			});
		}

		const bookings: Booking[] = [];
		for (const p of model.patients) {
			if (assigned[p.index] >= 0)
				bookings.push({ patientId: p.id, sessionId: model.sessions[assigned[p.index]].id });
		}
		const objective = objectiveBreakdown(problem, bookings).total;
		const infeasible = unmet.size > 0;
		let lowerBound: number | null = null;
		let status: PlanningSolution['status'] = 'feasible';
		if (infeasible) status = 'infeasible';
		else {
			lowerBound = Math.min(objective, fixed + outcomes.reduce((sum, o) => sum + o.bound, 0));
			if (withinTolerance(lowerBound, objective)) {
				status = 'optimal';
				lowerBound = objective;
			}
		}

		const seconds = (Date.now() - started) / 1000;
		const solutionStats: Record<string, number | string> = {
			timeSeconds: round(seconds, 3),
			patients: model.patients.length,
			sessions: model.sessions.length,
			booked: bookings.length,
			components: components.length,
			exactComponents: outcomes.filter((o) => o.method.endsWith('(exact)')).length,
			flowAugmentations: stats.augmentations,
			searchMoves: stats.moves,
			mipComponents: stats.mipComponents,
			mipSeconds: round(stats.mipSeconds, 3),
			lnsSteps: stats.lnsSteps,
			seed: options.seed ?? 1
		};
		for (const [name, t] of Object.entries(phaseSeconds))
			solutionStats[`seconds.${name}`] = round(t, 3);
		const steps = works.flatMap((w) => (w.lagrange ? [w.lagrange.iterations] : []));
		if (steps.length > 0) solutionStats.lagrangeSteps = steps.join(' ');
		if (lowerBound !== null) {
			// Each source's bound on the whole problem, where a component lacks it taking its
			// relaxation's (so they compare on one-component problems, the benchmark's case).
			for (const source of ['lagrange', 'lp', 'mip'] as const) {
				if (works.some((w) => w.bounds[source] !== undefined))
					solutionStats[`bound.${source}`] = round(
						fixed +
							works.reduce(
								(sum, w) => sum + Math.max(w.relaxation.bound, w.bounds[source] ?? -Infinity),
								0
							),
						6
					);
			}
			solutionStats.bound = lowerBound;
			solutionStats.gap = relativeGap(objective, lowerBound);
		}
		const bySpecialty = new Map<string, ComponentOutcome[]>();
		for (const o of outcomes)
			bySpecialty.set(o.specialty, [...(bySpecialty.get(o.specialty) ?? []), o]);
		for (const [specialty, list] of [...bySpecialty].sort(([a], [b]) =>
			a < b ? -1 : a > b ? 1 : 0
		)) {
			const counts = new Map<string, number>();
			for (const o of list) counts.set(o.method, (counts.get(o.method) ?? 0) + 1);
			solutionStats[`method.${specialty}`] = [...counts]
				.map(([m, c]) => (c > 1 ? `${m} x${c}` : m))
				.join(', ');
			const value = list.reduce((s, o) => s + o.value, 0);
			const bound = list.reduce((s, o) => s + o.bound, 0);
			solutionStats[`gap.${specialty}`] = relativeGap(value, bound);
		}
		progress({ phase: 'done', done: 1, total: 1 });

		const solution: PlanningSolution = { version: 1, status, objective, lowerBound, bookings };
		if (infeasible) {
			solution.unmet = [...unmet]
				.sort(([a], [b]) => a - b)
				.map(([pi, reason]): Unmet => ({ patientId: model.patients[pi].id, reason }));
		}
		solution.stats = solutionStats;
		return solution;
	}
}

/** Whether HiGHS has loaded by the given instant (ms). */
async function loadedBy(instant: number): Promise<boolean> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<boolean>((resolve) => {
		timer = setTimeout(() => resolve(false), Math.max(0, instant - Date.now()));
	});
	try {
		return await Promise.race([loadHighs().then(() => true), late]);
	} finally {
		clearTimeout(timer);
	}
}

function mandatoryBooked(plan: ComponentPlan): number {
	let count = 0;
	for (let p = 0; p < plan.n; p++) if (plan.mandatory[p] && plan.at[p] >= 0) count++;
	return count;
}

/** Why pinning p to s would break rules 2–7, or null when it is allowed. */
function pinProblem(model: Model, loads: Loads, p: ModelPatient, s: ModelSession): string | null {
	if (p.specialty !== s.specialty)
		return `that session is for specialty ${s.specialty}, not ${p.specialty} (rule 2)`;
	if (!model.suits(p, s)) {
		return p.slotType !== null && s.slotTypes !== null && !s.slotTypes.has(p.slotType)
			? `that session does not take slot type ${p.slotType} (rule 3)`
			: // clinicians are ids here: the session's name, where it is shown, says whose list it is
				"that session is another consultant's list (rule 4)";
	}
	if (!model.available(p, s.day)) return 'the patient cannot attend that day (rule 5)';
	if (loads.sessionUsed[s.index] + p.duration > s.minutes)
		return 'the session has no room left for them (rule 6)';
	if (loads.clinicianRoom(p, s.day) < p.duration)
		return `their clinician's daily limit is reached that day (rule 7)`;
	return null;
}

function relativeGap(value: number, bound: number): number {
	return round(Math.max(0, value - bound) / Math.max(1, Math.abs(value)), 9);
}

function round(x: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(x * f) / f;
}
