/**
 * Deterministic generator of realistic planning problems for tests and the benchmark: a waiting
 * list with a long tail of waits, P-code due dates, consultants with daily limits and leave,
 * clinics (new and follow-up slots) and theatre lists (procedures of mixed length), and the
 * awkward cases the optimiser must handle (pins, mandatory patients, unavailable dates, notice).
 */
import { dayNumber, fromDayNumber, PRIORITY_TARGET_DAYS, type Priority } from '../domain/rtt';
import type { Clinician, Patient, PlanningProblem, Session } from '../domain/planning/problem';
import { createRng, type Rng } from './rng';

/**
 * `ihtc` is shaped like the surgical part of the IHTC-2024 benchmark: one specialty, several
 * operating theatres a day (any surgeon in any theatre), every patient with their own surgeon,
 * surgeons' daily limits varying by date with days off, admission windows (release to due),
 * about half the patients mandatory by their due day, a flat cost per day of delay, a flat
 * penalty per optional patient left out and a cost per theatre opened.
 */
export type InstanceKind = 'clinic' | 'theatre' | 'mixed' | 'ihtc';

export interface GenerateOptions {
	patients: number;
	kind: InstanceKind;
	seed?: number;
	/** Horizon start; default 2026-01-05, a Monday. */
	start?: string;
	/** Horizon length in days; default 42 (six weeks of lists). */
	horizonDays?: number;
	/** Bookable minutes as a share of the waiting list's minutes; default 0.55 (demand exceeds capacity). */
	capacityRatio?: number;
	specialties?: number;
	pinnedShare?: number;
	mandatoryShare?: number;
	earliestShare?: number;
	unavailableShare?: number;
}

export type PriorityLabel = Priority | 'routine';

export interface GeneratedInstance {
	problem: PlanningProblem;
	/** The P-code behind each patient's priorityDue ("routine" when none), for reporting. */
	priority: Record<string, PriorityLabel>;
}

/** Treatment function codes (DOMAIN.md), surgical ones first because they have theatre lists. */
const SPECIALTIES = [
	'100',
	'101',
	'110',
	'120',
	'130',
	'140',
	'150',
	'160',
	'170',
	'502',
	'300',
	'301',
	'320',
	'330',
	'340',
	'400',
	'410',
	'430'
];

type Need = 'new' | 'follow-up' | 'procedure';

interface SpecialtyPlan {
	code: string;
	consultants: string[];
	newMinutes: number;
	followUpMinutes: number;
	procedureMinutes: readonly number[];
	leave: Map<string, Set<number>>;
}

const PROCEDURE_MENUS: readonly (readonly number[])[] = [
	[30, 45, 60, 60, 90, 120],
	[45, 60, 90, 90, 120, 180],
	[60, 90, 120, 150, 180, 240],
	[20, 30, 30, 45, 60, 90]
];

export function generateProblem(options: GenerateOptions): GeneratedInstance {
	const rng = createRng(options.seed ?? 1);
	if (options.kind === 'ihtc') return generateIhtc(options, rng);
	const n = options.patients;
	const start = options.start ?? '2026-01-05';
	const horizonDays = options.horizonDays ?? 42;
	const startDay = dayNumber(start);
	const endDay = startDay + horizonDays - 1;
	const capacityRatio = options.capacityRatio ?? 0.55;
	const workdays: number[] = [];
	for (let d = startDay; d <= endDay; d++) {
		const weekday = new Date(d * 86_400_000).getUTCDay();
		if (weekday >= 1 && weekday <= 5) workdays.push(d);
	}
	if (workdays.length === 0) workdays.push(startDay);

	const nSpecialties = Math.min(
		SPECIALTIES.length,
		options.specialties ?? Math.max(2, Math.round(Math.sqrt(n) / 15))
	);
	const codes =
		options.kind === 'clinic' ? rng.shuffle([...SPECIALTIES]) : SPECIALTIES.slice(0, 10);
	const chosen = codes.slice(0, Math.min(nSpecialties, codes.length));
	const share = chosen.map(() => 0.5 + rng.next());
	const shareTotal = share.reduce((a, b) => a + b, 0);

	const clinicians: Clinician[] = [];
	const sessions: Session[] = [];
	const patients: Patient[] = [];
	const priority: Record<string, PriorityLabel> = {};
	let patientNo = 0;

	chosen.forEach((code, si) => {
		const count =
			si === chosen.length - 1 ? n - patientNo : Math.round((n * share[si]) / shareTotal);
		const consultants = Array.from(
			{ length: Math.min(8, 2 + Math.floor(count / 700)) },
			(_, i) => `${code}-C${i + 1}`
		);
		const plan: SpecialtyPlan = {
			code,
			consultants,
			newMinutes: rng.pick([20, 30]),
			followUpMinutes: rng.pick([10, 15]),
			procedureMinutes: rng.pick(PROCEDURE_MENUS),
			leave: new Map()
		};
		for (const c of consultants) {
			const days = new Set<number>();
			if (rng.chance(0.4)) {
				const from = rng.int(0, Math.max(0, workdays.length - 5));
				const length = rng.int(1, 5);
				for (let i = from; i < Math.min(workdays.length, from + length); i++) days.add(workdays[i]);
			}
			plan.leave.set(c, days);
		}

		const specialtyPatients: Patient[] = [];
		const demand: Record<Need, number> = { new: 0, 'follow-up': 0, procedure: 0 };
		for (let i = 0; i < count; i++) {
			const need = pickNeed(rng, options.kind);
			const p = makePatient(
				rng,
				plan,
				need,
				`P${String(patientNo + 1).padStart(6, '0')}`,
				startDay,
				endDay
			);
			priority[p.patient.id] = p.priority;
			demand[need] += p.patient.durationMinutes;
			specialtyPatients.push(p.patient);
			patientNo++;
		}

		const specialtySessions = makeSessions(
			rng,
			plan,
			demand,
			capacityRatio,
			workdays,
			options.kind
		);
		sessions.push(...specialtySessions);

		// Daily limits sit a little above each consultant's own lists, so they bind now and then
		// (when their patients also fill open clinics) without making their own lists unusable.
		for (const c of consultants) {
			const own = new Map<number, number>();
			for (const s of specialtySessions) {
				if (s.clinicianId === c) {
					const d = dayNumber(s.date);
					own.set(d, (own.get(d) ?? 0) + s.minutes);
				}
			}
			const clinician: Clinician = { id: c };
			if (rng.chance(0.7))
				clinician.maxMinutesPerDay = Math.max(240, ...own.values()) + 60 * rng.int(0, 3);
			const leave = plan.leave.get(c) ?? new Set<number>();
			if (leave.size > 0) {
				clinician.maxMinutesByDate = {};
				for (const d of leave) clinician.maxMinutesByDate[fromDayNumber(d)] = 0;
			}
			clinicians.push(clinician);
		}

		addPins(rng, specialtyPatients, specialtySessions, clinicians, options.pinnedShare ?? 0.02);
		patients.push(...specialtyPatients);
	});

	const mandatoryShare = options.mandatoryShare ?? 0.01;
	for (const p of patients) {
		if (p.pinnedSessionId == null && rng.chance(mandatoryShare)) {
			p.mandatory = true;
			if (rng.chance(0.8))
				p.latest = fromDayNumber(
					startDay + rng.int(Math.min(14, horizonDays - 1), horizonDays - 1)
				);
		}
	}
	const earliestShare = options.earliestShare ?? 0.15;
	const unavailableShare = options.unavailableShare ?? 0.08;
	for (const p of patients) {
		if (p.pinnedSessionId != null || p.mandatory) continue;
		if (rng.chance(earliestShare))
			p.earliest = fromDayNumber(startDay + rng.int(1, Math.min(21, horizonDays - 1)));
		if (rng.chance(unavailableShare)) {
			const from = startDay + rng.int(0, horizonDays - 1);
			p.unavailable = [{ from: fromDayNumber(from), to: fromDayNumber(from + rng.int(0, 13)) }];
		}
	}

	// A generated mandatory patient must have somewhere to go; infeasible cases are built by hand.
	const bySpecialty = new Map<string, Session[]>();
	for (const s of sessions)
		bySpecialty.set(s.specialty, [...(bySpecialty.get(s.specialty) ?? []), s]);
	const limits = new Map(clinicians.map((c) => [c.id, c]));
	for (const p of patients) {
		if (!p.mandatory) continue;
		const latest = p.latest == null ? endDay : dayNumber(p.latest);
		const possible = (bySpecialty.get(p.specialty) ?? []).some(
			(s) =>
				dayNumber(s.date) <= latest &&
				(s.slotTypes === undefined ||
					p.slotType === undefined ||
					s.slotTypes.includes(p.slotType)) &&
				(p.clinicianId == null || s.clinicianId == null || s.clinicianId === p.clinicianId) &&
				(p.clinicianId == null || limits.get(p.clinicianId)?.maxMinutesByDate?.[s.date] !== 0) &&
				s.minutes >= p.durationMinutes
		);
		if (!possible) {
			delete p.mandatory;
			delete p.latest;
		}
	}

	return {
		problem: {
			version: 1,
			horizon: { start, end: fromDayNumber(endDay) },
			clinicians,
			sessions,
			patients
		},
		priority
	};
}

function pickNeed(rng: Rng, kind: InstanceKind): Need {
	if (kind === 'theatre') return 'procedure';
	if (kind === 'mixed' && rng.chance(0.5)) return 'procedure';
	return rng.chance(0.6) ? 'new' : 'follow-up';
}

/** Days waited at the horizon start: mostly recent referrals, with a long tail past a year. */
function waitedAtStart(rng: Rng): number {
	const r = rng.next();
	if (r < 0.7) return Math.floor(-Math.log(1 - rng.next()) * 60);
	if (r < 0.95) return rng.int(100, 400);
	return rng.int(400, 730);
}

function makePatient(
	rng: Rng,
	plan: SpecialtyPlan,
	need: Need,
	id: string,
	startDay: number,
	endDay: number
): { patient: Patient; priority: PriorityLabel } {
	const clockStartDay = startDay - waitedAtStart(rng);
	let label: PriorityLabel = 'routine';
	let due: number | null = null;
	if (need === 'procedure') {
		const r = rng.next();
		label = r < 0.1 ? 'P2' : r < 0.4 ? 'P3' : 'P4';
		const target = PRIORITY_TARGET_DAYS[label];
		if (target !== null) {
			// Listed for surgery some weeks into the pathway; the P-code clock runs from then.
			const decision = Math.min(startDay - rng.int(0, 10), clockStartDay + rng.int(14, 70));
			due = decision + target;
		}
	} else if (need === 'new' && rng.chance(0.1)) {
		label = 'P2';
		due = clockStartDay + (PRIORITY_TARGET_DAYS.P2 ?? 28);
	}
	const duration =
		need === 'new'
			? plan.newMinutes
			: need === 'follow-up'
				? plan.followUpMinutes
				: rng.pick(plan.procedureMinutes);
	const ownConsultantShare = need === 'new' ? 0.3 : need === 'follow-up' ? 0.8 : 0.85;
	const patient: Patient = {
		id,
		specialty: plan.code,
		durationMinutes: duration,
		slotType: need,
		clockStart: fromDayNumber(clockStartDay),
		clinicianId: rng.chance(ownConsultantShare) ? rng.pick(plan.consultants) : null
	};
	if (due !== null) patient.priorityDue = fromDayNumber(Math.min(due, endDay + 60));
	return { patient, priority: label };
}

function makeSessions(
	rng: Rng,
	plan: SpecialtyPlan,
	demand: Record<Need, number>,
	capacityRatio: number,
	workdays: readonly number[],
	kind: InstanceKind
): Session[] {
	const sessions: Session[] = [];
	const perDay = new Map<number, number>();
	const add = (day: number, minutes: number, slotTypes: string[], named: boolean): void => {
		const available = plan.consultants.filter((c) => !plan.leave.get(c)?.has(day));
		const clinicianId = named && available.length > 0 ? rng.pick(available) : null;
		const k = (perDay.get(day) ?? 0) + 1;
		perDay.set(day, k);
		sessions.push({
			id: `S-${plan.code}-${fromDayNumber(day)}-${k}`,
			date: fromDayNumber(day),
			minutes,
			specialty: plan.code,
			clinicianId,
			slotTypes
		});
	};
	const spread = (
		target: number,
		sizes: readonly number[],
		slotTypes: string[],
		namedShare: number
	): void => {
		let made = 0;
		let i = rng.int(0, workdays.length - 1);
		while (made < target) {
			const minutes = rng.pick(sizes);
			// Mostly round-robin over the working days, with some days busier than others.
			i = (i + (rng.chance(0.8) ? 1 : rng.int(1, 3))) % workdays.length;
			add(workdays[i], minutes, slotTypes, rng.chance(namedShare));
			made += minutes;
		}
	};
	const combinedShare = kind === 'mixed' ? 0.15 : 0;
	const clinicMinutes = (demand.new + demand['follow-up']) * capacityRatio;
	if (clinicMinutes > 0) {
		spread(clinicMinutes * combinedShare, [180, 240], ['new', 'follow-up'], 0.7);
		spread(demand.new * capacityRatio * (1 - combinedShare), [180, 240], ['new'], 0.7);
		spread(
			demand['follow-up'] * capacityRatio * (1 - combinedShare),
			[180, 240],
			['follow-up'],
			0.7
		);
	}
	if (demand.procedure > 0)
		spread(demand.procedure * capacityRatio, [240, 240, 480], ['procedure'], 1);
	return sessions;
}

/** Pins a share of patients to sessions they could really attend, leaving room for the rest. */
function addPins(
	rng: Rng,
	patients: Patient[],
	sessions: Session[],
	clinicians: Clinician[],
	pinnedShare: number
): void {
	if (sessions.length === 0) return;
	const used = new Map<string, number>();
	const clinicianUsed = new Map<string, number>();
	const limits = new Map(clinicians.map((c) => [c.id, c]));
	for (const p of patients) {
		if (!rng.chance(pinnedShare)) continue;
		for (let attempt = 0; attempt < 20; attempt++) {
			const s = rng.pick(sessions);
			if (
				p.slotType !== undefined &&
				s.slotTypes !== undefined &&
				!s.slotTypes.includes(p.slotType)
			)
				continue;
			if (p.clinicianId != null && s.clinicianId != null && p.clinicianId !== s.clinicianId)
				continue;
			const room = s.minutes - (used.get(s.id) ?? 0);
			if (room < p.durationMinutes * 2) continue;
			if (p.clinicianId != null) {
				const c = limits.get(p.clinicianId);
				const limit = c?.maxMinutesByDate?.[s.date] ?? c?.maxMinutesPerDay ?? Infinity;
				const key = `${p.clinicianId}|${s.date}`;
				const so = clinicianUsed.get(key) ?? 0;
				if (so + p.durationMinutes > limit) continue;
				clinicianUsed.set(key, so + p.durationMinutes);
			}
			used.set(s.id, (used.get(s.id) ?? 0) + p.durationMinutes);
			p.pinnedSessionId = s.id;
			break;
		}
	}
}

const IHTC_DURATIONS = [30, 45, 60, 60, 90, 120, 120, 180, 240];
const IHTC_THEATRE_MINUTES = [180, 240, 240, 300, 360];
const IHTC_SURGEON_MINUTES = [240, 360, 480, 600];

/** An IHTC-like surgical week block (see InstanceKind); horizon 28 days by default, every day worked. */
function generateIhtc(options: GenerateOptions, rng: Rng): GeneratedInstance {
	const n = options.patients;
	const start = options.start ?? '2026-01-05';
	const horizonDays = options.horizonDays ?? 28;
	const startDay = dayNumber(start);
	const code = SPECIALTIES[0];

	const nSurgeons = Math.max(2, Math.round(n / 25));
	const surgeonLimits: number[][] = [];
	const clinicians: Clinician[] = [];
	for (let c = 0; c < nSurgeons; c++) {
		const base = rng.pick(IHTC_SURGEON_MINUTES);
		const offWeekday = rng.int(0, 6);
		const limits = Array.from({ length: horizonDays }, (_, d) => {
			if (d % 7 === offWeekday || rng.chance(0.12)) return 0;
			return rng.chance(0.25) ? rng.pick(IHTC_SURGEON_MINUTES) : base;
		});
		surgeonLimits.push(limits);
		const byDate: Record<string, number> = {};
		limits.forEach((m, d) => (byDate[fromDayNumber(startDay + d)] = m));
		clinicians.push({ id: `S${c + 1}`, maxMinutesPerDay: base, maxMinutesByDate: byDate });
	}

	const patients: Patient[] = [];
	let demand = 0;
	let mandatoryDemand = 0;
	for (let i = 0; i < n; i++) {
		const surgeon = Math.min(nSurgeons - 1, Math.floor(nSurgeons * rng.next() ** 1.3));
		const duration = rng.pick(IHTC_DURATIONS);
		const release = rng.chance(0.35) ? 0 : rng.int(0, horizonDays - 3);
		const p: Patient = {
			id: `P${String(i + 1).padStart(4, '0')}`,
			specialty: code,
			durationMinutes: duration,
			clinicianId: `S${surgeon + 1}`,
			clockStart: fromDayNumber(startDay + release)
		};
		if (release > 0) p.earliest = fromDayNumber(startDay + release);
		if (rng.chance(options.mandatoryShare ?? 0.5)) {
			// Due a few days to two weeks after release, on a day their surgeon can operate.
			let due = Math.min(horizonDays - 1, release + rng.int(3, 14));
			const fits = (d: number): boolean => surgeonLimits[surgeon][d] >= duration;
			while (
				due < horizonDays - 1 &&
				![...Array(due - release + 1).keys()].some((k) => fits(release + k))
			)
				due++;
			if ([...Array(due - release + 1).keys()].some((k) => fits(release + k))) {
				p.mandatory = true;
				p.latest = fromDayNumber(startDay + due);
				mandatoryDemand += duration;
			}
		}
		demand += duration;
		patients.push(p);
	}

	// Theatres: enough that their minutes cover most of the demand, each closed on some days.
	const capacityRatio = options.capacityRatio ?? 0.85;
	const averageTheatre =
		IHTC_THEATRE_MINUTES.reduce((a, b) => a + b, 0) / IHTC_THEATRE_MINUTES.length;
	const nTheatres = Math.max(
		2,
		Math.round(
			Math.max(demand * capacityRatio, mandatoryDemand * 1.6) / (averageTheatre * horizonDays * 0.8)
		)
	);
	const sessions: Session[] = [];
	for (let t = 0; t < nTheatres; t++) {
		const minutes = rng.pick(IHTC_THEATRE_MINUTES);
		for (let d = 0; d < horizonDays; d++) {
			if (rng.chance(0.2)) continue;
			sessions.push({
				id: `OT${t + 1}-${fromDayNumber(startDay + d)}`,
				date: fromDayNumber(startDay + d),
				minutes: rng.chance(0.15) ? rng.pick(IHTC_THEATRE_MINUTES) : minutes,
				specialty: code
			});
		}
	}
	sessions.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

	// Like the benchmark's, every instance has a feasible plan: the mandatory patients, earliest
	// due first, each go to the first session in their window with room for them and their
	// surgeon; a patient this leaves without one is made optional.
	const room = sessions.map((x) => x.minutes);
	const surgeonRoom = surgeonLimits.map((limits) => [...limits]);
	const mandatory = patients.filter((p) => p.mandatory);
	mandatory.sort((a, b) => {
		const [x, y] = [a.latest ?? '', b.latest ?? ''];
		return x < y ? -1 : x > y ? 1 : 0;
	});
	for (const p of mandatory) {
		const surgeon = Number((p.clinicianId ?? 'S1').slice(1)) - 1;
		const from = p.earliest ?? start;
		const s = sessions.findIndex((x, i) => {
			const d = dayNumber(x.date) - startDay;
			return (
				x.date >= from &&
				x.date <= (p.latest ?? x.date) &&
				room[i] >= p.durationMinutes &&
				surgeonRoom[surgeon][d] >= p.durationMinutes
			);
		});
		if (s < 0) {
			delete p.mandatory;
			delete p.latest;
			continue;
		}
		room[s] -= p.durationMinutes;
		surgeonRoom[surgeon][dayNumber(sessions[s].date) - startDay] -= p.durationMinutes;
	}

	const priority: Record<string, PriorityLabel> = {};
	for (const p of patients) priority[p.id] = 'routine';
	return {
		problem: {
			version: 1,
			horizon: { start, end: fromDayNumber(startDay + horizonDays - 1) },
			weights: {
				waitSlopes: [[0, rng.pick([5, 10, 15])]],
				rttLatePerDay: 0,
				priorityLatePerDay: 0,
				unbookedPenalty: rng.pick([250, 300, 350]),
				unbookedAccrues: false,
				sessionOpenCost: 20
			},
			clinicians,
			sessions,
			patients
		},
		priority
	};
}
