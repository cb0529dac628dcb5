/**
 * The working plan of one component: who is in which session, with the running cost. Every
 * change goes through `place`/`unplace`, which keep the shared loads (rules 6 and 7) and the
 * component's objective in step, and can be rolled back, so a search can try a compound move
 * and undo it if it does not pay.
 */
import type { Component, Pool, PoolIndex } from './components';
import type { Loads, Model, ModelPatient } from './model';

export class ComponentPlan {
	readonly model: Model;
	readonly loads: Loads;
	/** Local patient → global patient. */
	readonly patients: Int32Array;
	readonly n: number;
	/** Local pools (the component's), with their sessions. */
	readonly pools: Pool[];
	readonly nPools: number;
	/** Local session → global session; sessions are grouped by pool, pools by day. */
	readonly sessions: Int32Array;
	readonly nSessions: number;
	readonly sessionPool: Int32Array;
	/** Index into `days` of each session's date. */
	readonly sessionDay: Int32Array;
	readonly poolSessions: Int32Array[];
	readonly poolDay: Int32Array;
	/** Distinct session days of the component, ascending (day numbers). */
	readonly days: number[];
	readonly duration: Int32Array;
	readonly unbooked: Float64Array;
	readonly mandatory: Uint8Array;
	/** Usable pools of each patient (CSR, ascending by pool and so by day). */
	readonly eligStart: Int32Array;
	readonly eligPool: Int32Array;
	private readonly eligibleBits: Uint8Array;
	/** Patients that could use each pool. */
	readonly poolPatients: Int32Array[];
	/** Cost of patient p on day index d: costs[p * days.length + d]. */
	readonly costs: Float64Array;
	readonly openCost: number;
	/** Sessions already receiving a pinned patient: opening them costs nothing more. */
	readonly fixedOpen: Uint8Array;
	/** Each session's capacity for this component: its minutes less the pinned ones. */
	readonly capacity: Int32Array;
	readonly at: Int32Array;
	readonly members: number[][];
	value: number;
	/** Clinician minutes per day used by pinned patients, i.e. before any component was planned. */
	readonly clinicianBase: Float64Array;
	private readonly journal: number[] = [];

	constructor(model: Model, loads: Loads, index: PoolIndex, component: Component) {
		this.model = model;
		this.loads = loads;
		this.clinicianBase = index.clinicianBase;
		// Longest waiters first: wherever the search meets a tie, the earlier index wins, so ties
		// go the way "treat in turn" would have them.
		this.patients = Int32Array.from(component.patients).sort(
			(a, b) => model.patients[a].cost.clockStartDay - model.patients[b].cost.clockStartDay || a - b
		);
		this.n = this.patients.length;
		this.pools = component.pools.map((j) => index.pools[j]);
		this.nPools = this.pools.length;
		const localPool = new Map<number, number>();
		this.pools.forEach((pool, i) => localPool.set(pool.index, i));

		this.days = [...new Set(this.pools.map((p) => p.day))].sort((a, b) => a - b);
		const dayIndex = new Map(this.days.map((d, i) => [d, i]));
		this.poolDay = Int32Array.from(this.pools, (p) => dayIndex.get(p.day) ?? 0);
		const sessions: number[] = [];
		const sessionPool: number[] = [];
		this.poolSessions = this.pools.map((pool, j) => {
			const local = pool.sessions.map((s) => {
				sessions.push(s);
				sessionPool.push(j);
				return sessions.length - 1;
			});
			return Int32Array.from(local);
		});
		this.sessions = Int32Array.from(sessions);
		this.nSessions = sessions.length;
		this.sessionPool = Int32Array.from(sessionPool);
		this.sessionDay = Int32Array.from(sessionPool, (j) => this.poolDay[j]);
		this.capacity = Int32Array.from(sessions, (s) => loads.free(s));
		this.fixedOpen = Uint8Array.from(sessions, (s) => (loads.sessionUsed[s] > 0 ? 1 : 0));
		this.openCost = model.problem.weights.sessionOpenCost;

		const n = this.n;
		const D = this.days.length;
		this.duration = new Int32Array(n);
		this.unbooked = new Float64Array(n);
		this.mandatory = new Uint8Array(n);
		this.costs = new Float64Array(n * D);
		this.eligibleBits = new Uint8Array(n * this.nPools);
		const eligStart = new Int32Array(n + 1);
		const elig: number[] = [];
		const counts = new Int32Array(this.nPools);
		const buffer: number[] = [];
		for (let p = 0; p < n; p++) {
			const mp = model.patients[this.patients[p]];
			this.duration[p] = mp.duration;
			this.unbooked[p] = mp.unbooked;
			this.mandatory[p] = mp.mandatory ? 1 : 0;
			for (let d = 0; d < D; d++) this.costs[p * D + d] = model.costOn(mp, this.days[d]);
			for (const j of index.eligible(mp, buffer)) {
				const lj = localPool.get(j);
				if (lj === undefined) continue;
				elig.push(lj);
				counts[lj]++;
				this.eligibleBits[p * this.nPools + lj] = 1;
			}
			eligStart[p + 1] = elig.length;
		}
		this.eligStart = eligStart;
		this.eligPool = Int32Array.from(elig);
		this.poolPatients = Array.from(counts, (c) => new Int32Array(c));
		const fill = new Int32Array(this.nPools);
		for (let p = 0; p < n; p++) {
			for (let k = eligStart[p]; k < eligStart[p + 1]; k++) {
				const j = this.eligPool[k];
				this.poolPatients[j][fill[j]++] = p;
			}
		}

		this.at = new Int32Array(n).fill(-1);
		this.members = Array.from({ length: this.nSessions }, () => []);
		let value = 0;
		for (let p = 0; p < n; p++) value += this.unbooked[p];
		this.value = value;
	}

	patient(p: number): ModelPatient {
		return this.model.patients[this.patients[p]];
	}

	cost(p: number, s: number): number {
		return this.costs[p * this.days.length + this.sessionDay[s]];
	}

	costOnDay(p: number, d: number): number {
		return this.costs[p * this.days.length + d];
	}

	eligible(p: number, s: number): boolean {
		return this.eligibleBits[p * this.nPools + this.sessionPool[s]] === 1;
	}

	eligiblePool(p: number, j: number): boolean {
		return this.eligibleBits[p * this.nPools + j] === 1;
	}

	free(s: number): number {
		return this.loads.free(this.sessions[s]);
	}

	/** Rule 7 room left for p's clinician on session s's day (Infinity when unlimited). */
	clinicianRoom(p: number, s: number): number {
		return this.loads.clinicianRoom(this.patient(p), this.model.sessions[this.sessions[s]].day);
	}

	/** Rules 2–7 allow adding p (now unbooked) to s. */
	canPlace(p: number, s: number): boolean {
		return this.eligible(p, s) && this.loads.fits(this.patient(p), this.sessions[s]);
	}

	/** Change in the objective from opening s, if it is closed. */
	openingCost(s: number): number {
		return this.members[s].length === 0 && !this.fixedOpen[s] ? this.openCost : 0;
	}

	/** What placing unbooked p in s would change the objective by. */
	placeDelta(p: number, s: number): number {
		return this.cost(p, s) - this.unbooked[p] + this.openingCost(s);
	}

	place(p: number, s: number): void {
		if (this.at[p] >= 0) throw new Error(`internal: patient ${this.patient(p).id} placed twice`);
		this.value += this.placeDelta(p, s);
		this.loads.add(this.patient(p), this.sessions[s]);
		this.members[s].push(p);
		this.at[p] = s;
		this.journal.push(p, -1);
	}

	unplace(p: number): void {
		const s = this.at[p];
		const list = this.members[s];
		const i = list.indexOf(p);
		list[i] = list[list.length - 1];
		list.pop();
		this.loads.remove(this.patient(p), this.sessions[s]);
		this.at[p] = -1;
		this.value += this.unbooked[p] - this.cost(p, s) - this.openingCost(s);
		this.journal.push(p, s);
	}

	move(p: number, s: number): void {
		this.unplace(p);
		this.place(p, s);
	}

	/** A point to roll back to. */
	mark(): number {
		return this.journal.length;
	}

	rollback(mark: number): void {
		while (this.journal.length > mark) {
			const was = this.journal[this.journal.length - 1];
			const p = this.journal[this.journal.length - 2];
			this.journal.length -= 2;
			// Undo without journalling: reverse a place by unplacing, an unplace by placing.
			if (was === -1) {
				this.unplace(p);
			} else {
				this.place(p, was);
			}
			this.journal.length -= 2;
		}
	}

	/** Forget the undo history (after a move is accepted), keeping memory bounded. */
	commit(): void {
		this.journal.length = 0;
	}

	/** The current assignment, to come back to with {@link restore}. */
	snapshot(): Int32Array {
		return Int32Array.from(this.at);
	}

	restore(snapshot: Int32Array): void {
		for (let p = 0; p < this.n; p++)
			if (this.at[p] >= 0 && this.at[p] !== snapshot[p]) this.unplace(p);
		for (let p = 0; p < this.n; p++)
			if (this.at[p] < 0 && snapshot[p] >= 0) this.place(p, snapshot[p]);
		this.commit();
	}

	/** Cheapest session p (unbooked) can go into now, or −1: by cost, then opening cost. */
	bestSession(p: number, exclude = -1): number {
		let best = -1;
		let bestCost = Infinity;
		for (let k = this.eligStart[p]; k < this.eligStart[p + 1]; k++) {
			const j = this.eligPool[k];
			for (const s of this.poolSessions[j]) {
				if (s === exclude) continue;
				const c = this.cost(p, s) + this.openingCost(s);
				if (c < bestCost && this.loads.fits(this.patient(p), this.sessions[s])) {
					bestCost = c;
					best = s;
				}
			}
		}
		return best;
	}
}
