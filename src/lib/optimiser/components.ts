/**
 * Decomposition. Sessions of one specialty with the same clinician and slot types on the same day
 * are interchangeable but for their minutes, so they form one *pool*. A patient and a pool are
 * linked when the patient could use it (rules 2–5, and `latest` while mandatory); connected
 * patients and pools form a component, and components are planned independently. Rule 7 can
 * couple components through a clinician's daily limit; that coupling is respected by sharing the
 * running loads, and ignored by the per-component bounds (which stay valid: they relax it).
 */
import type { Loads, Model, ModelPatient } from './model';

export interface Pool {
	index: number;
	specialty: string;
	day: number;
	/** Global session indices, most free minutes first. */
	sessions: number[];
	/** Largest free minutes among the sessions when the pool was built. */
	maxFree: number;
}

export interface Component {
	/** Global patient indices, ascending. */
	patients: number[];
	/** Pool indices, ascending. */
	pools: number[];
}

/** Pools of the sessions that still have free minutes after pinned patients. */
export function buildPools(model: Model, loads: Loads): Pool[] {
	const byKey = new Map<string, number[]>();
	for (const s of model.sessions) {
		if (loads.free(s.index) <= 0) continue;
		const key = `${s.day}\u0000${s.signature}`;
		const list = byKey.get(key);
		if (list) list.push(s.index);
		else byKey.set(key, [s.index]);
	}
	const pools: Pool[] = [];
	for (const sessions of byKey.values()) {
		sessions.sort((a, b) => loads.free(b) - loads.free(a) || a - b);
		const first = model.sessions[sessions[0]];
		pools.push({
			index: 0,
			specialty: first.specialty,
			day: first.day,
			sessions,
			maxFree: loads.free(sessions[0])
		});
	}
	pools.sort(
		(a, b) =>
			cmp(a.specialty, b.specialty) ||
			a.day - b.day ||
			cmp(model.sessions[a.sessions[0]].signature, model.sessions[b.sessions[0]].signature)
	);
	pools.forEach((pool, i) => (pool.index = i));
	return pools;
}

/**
 * Finds each patient's usable pools. Patients sharing specialty, slot type and clinician share
 * the rule 2–4 filtering, which is cached.
 */
export class PoolIndex {
	private readonly model: Model;
	readonly pools: Pool[];
	private readonly bySpecialty = new Map<string, Pool[]>();
	private readonly suitable = new Map<string, Pool[]>();
	/**
	 * Clinician minutes already used when the index was built (by pinned patients). Eligibility
	 * ignores what other components use later, so that each component's bound stays valid.
	 */
	readonly clinicianBase: Float64Array;

	constructor(model: Model, loads: Loads, pools: Pool[]) {
		this.model = model;
		this.clinicianBase = Float64Array.from(loads.clinicianUsed);
		this.pools = pools;
		for (const pool of pools) {
			const list = this.bySpecialty.get(pool.specialty);
			if (list) list.push(pool);
			else this.bySpecialty.set(pool.specialty, [pool]);
		}
	}

	/** Pool indices patient p could be booked into, ascending. */
	eligible(p: ModelPatient, out: number[] = []): number[] {
		out.length = 0;
		const key = `${p.specialty}\u0000${p.slotType}\u0000${p.clinician}`;
		let suitable = this.suitable.get(key);
		if (!suitable) {
			suitable = (this.bySpecialty.get(p.specialty) ?? []).filter((pool) =>
				this.model.suits(p, this.model.sessions[pool.sessions[0]])
			);
			this.suitable.set(key, suitable);
		}
		for (const pool of suitable) {
			if (pool.maxFree < p.duration) continue;
			if (!this.model.canAttendOn(p, pool.day)) continue;
			const cd = this.model.clinicianDay(p, pool.day);
			if (cd >= 0 && this.model.limits[cd] - this.clinicianBase[cd] < p.duration) continue;
			out.push(pool.index);
		}
		return out;
	}
}

/** Connected components of the patient–pool graph; patients with no usable pool are `isolated`. */
export function buildComponents(
	index: PoolIndex,
	model: Model,
	patients: readonly number[]
): { components: Component[]; isolated: number[] } {
	const nPools = index.pools.length;
	// Union–find over pools; each patient joins all its pools together.
	const parent = new Int32Array(nPools);
	for (let i = 0; i < nPools; i++) parent[i] = i;
	const find = (x: number): number => {
		while (parent[x] !== x) {
			parent[x] = parent[parent[x]];
			x = parent[x];
		}
		return x;
	};
	const firstPool = new Int32Array(patients.length).fill(-1);
	const buffer: number[] = [];
	patients.forEach((pi, i) => {
		const list = index.eligible(model.patients[pi], buffer);
		if (list.length === 0) return;
		firstPool[i] = list[0];
		const root = find(list[0]);
		for (let k = 1; k < list.length; k++) {
			const r = find(list[k]);
			if (r !== root) parent[r] = root;
		}
	});
	const byRoot = new Map<number, Component>();
	const isolated: number[] = [];
	patients.forEach((pi, i) => {
		if (firstPool[i] < 0) {
			isolated.push(pi);
			return;
		}
		const root = find(firstPool[i]);
		let c = byRoot.get(root);
		if (!c) {
			c = { patients: [], pools: [] };
			byRoot.set(root, c);
		}
		c.patients.push(pi);
	});
	for (let j = 0; j < nPools; j++) byRoot.get(find(j))?.pools.push(j);
	const components = [...byRoot.values()];
	for (const c of components) c.patients.sort((a, b) => a - b);
	components.sort((a, b) => a.patients[0] - b.patients[0]);
	return { components, isolated };
}

function cmp(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
