/**
 * The health-records side of the demo: a year of case-note requests with every movement (who,
 * where, when), open requests for the coming clinics so today's pull lists are real, and the
 * summarising queue with its completed history.
 *
 * Requests follow the lifecycle in db/schema/caseNotes.ts: requested → located → dispatched →
 * available → returned → filed, or missing → temporary → merged, or withdrawn. Nothing is stamped
 * after the demo's "now" (07:30 on the census date): a request whose next step is still to come
 * stays at the step it has reached.
 */
import { addDays, dayNumber, fromDayNumber } from '../../src/lib/domain/rtt';
import {
	NO_KNOWN_ALLERGY,
	SUMMARY_ALLERGIES,
	SUMMARY_LETTERS,
	SUMMARY_MEDICATIONS,
	SUMMARY_PROBLEMS,
	SUMMARY_PROCEDURES,
	SUMMARY_SOURCE_WEIGHTS,
	SUMMARY_SOURCES,
	type CodedEntry
} from './catalogue';
import {
	addWorkingDays,
	DAY,
	HOUR,
	isWorkingDay,
	londonTime,
	MINUTE,
	minutesOf,
	withinWorkingHours
} from './clock';
import type { TrustGenerator } from './generate';
import type {
	DemoCaseNoteMovement,
	DemoCaseNoteRequest,
	DemoSummarisingItem,
	RecordSummary,
	SummaryEntry
} from './model';
import type { Random } from './random';
import type { CaseNoteStatus, CaseNoteUrgency } from '../schema';

/** How far back the request history goes. */
const HISTORY_DAYS = 365;
/** Share of clinic attendances that need the paper notes (the rest are seen on the EPR). */
const CLINIC_NOTES_SHARE = 0.6;
const ADMISSION_NOTES_SHARE = 0.85;
const MISSING_SHARE = 0.015;

interface Step {
	status: CaseNoteStatus;
	at: number;
	location: number | null;
	by: number | null;
	note: string | null;
}

interface RequestPlan {
	patient: number;
	booking: number | null;
	reason: DemoCaseNoteRequest['reason'];
	urgency: CaseNoteUrgency;
	requestedAt: number;
	requestedBy: number | null;
	neededBy: number;
	destination: number;
	/** When the notes are done with: the clinic's end, the patient's discharge. */
	doneAt: number;
	/** When the reason went away (the booking was cancelled), if it did. */
	withdrawAt: number | null;
}

export function generateRecords(t: TrustGenerator): {
	requests: DemoCaseNoteRequest[];
	movements: DemoCaseNoteMovement[];
	summarising: DemoSummarisingItem[];
} {
	const plans = planRequests(t);
	const rng = t.stream('case-note-lifecycles');
	const built = plans.map((plan) => ({ plan, steps: lifecycle(t, rng, plan) }));
	// Ids in the order requests were made, as a live system would have given them.
	built.sort((a, b) => a.plan.requestedAt - b.plan.requestedAt);
	const requests: DemoCaseNoteRequest[] = [];
	const movements: DemoCaseNoteMovement[] = [];
	for (const { plan, steps } of built) {
		const index = requests.length;
		const first = (status: CaseNoteStatus) => steps.find((s) => s.status === status)?.at ?? null;
		const last = steps[steps.length - 1];
		requests.push({
			patient: plan.patient,
			booking: plan.booking,
			reason: plan.reason,
			urgency: plan.urgency,
			status: last.status,
			neededBy: plan.neededBy,
			requestedAt: plan.requestedAt,
			requestedBy: plan.requestedBy,
			locatedAt: first('located'),
			dispatchedAt: first('dispatched'),
			availableAt: first('available'),
			returnedAt: first('returned'),
			filedAt: first('filed'),
			withdrawnAt: first('withdrawn'),
			mergedAt: first('merged'),
			homeLocation: t.patientHome[plan.patient],
			currentLocation: last.location,
			destinationLocation: plan.destination,
			// Older patients' records run to a second volume; the request is for the current one.
			volumeBarcode: `CN${String(plan.patient + 1).padStart(7, '0')}-${plan.patient % 4 === 0 ? '02' : '01'}`,
			missing: steps.some((s) => s.status === 'missing'),
			temporaryNotes: steps.some((s) => s.status === 'temporary')
		});
		for (const s of steps) {
			movements.push({
				request: index,
				at: s.at,
				by: s.by,
				status: s.status,
				location: s.location,
				note: s.note
			});
		}
	}
	return { requests, movements, summarising: summarisingQueue(t) };
}

// ---------------------------------------------------------------- which requests were made

function planRequests(t: TrustGenerator): RequestPlan[] {
	const rng = t.stream('case-note-requests');
	const plans: RequestPlan[] = [];
	const scale = t.n / 20_000;

	// Requests for the lists the demo has: the last 4 weeks and the coming days' pull lists.
	let recentClinic = 0;
	let recentAdmissions = 0;
	for (let b = 0; b < t.bookings.length; b++) {
		const booking = t.bookings[b];
		const session = t.sessions[booking.session];
		const clinic = session.kind === 'clinic';
		if (!rng.chance(clinic ? CLINIC_NOTES_SHARE : ADMISSION_NOTES_SHARE)) continue;
		const start = londonTime(session.date, minutesOf(session.startTime));
		// The pull list runs early on the working day before the lead time (2 working days).
		const pullDay = addWorkingDays(session.date, -2);
		let requestedAt = londonTime(
			pullDay,
			clinic ? 7 * 60 + rng.int(0, 60) : 10 * 60 + rng.int(0, 300)
		);
		let urgency: CaseNoteUrgency = 'routine';
		let requestedBy = rng.pick(t.recordsStaff);
		if (booking.bookedAt > requestedAt) {
			// Booked inside the lead time: the coordinator asks for the notes there and then.
			requestedAt = booking.bookedAt + rng.int(2, 30) * MINUTE;
			urgency = 'urgent';
			requestedBy = booking.bookedBy;
		}
		if (requestedAt > t.now) continue;
		const withdrawAt = booking.status === 'cancelled' ? booking.statusChangedAt : null;
		if (withdrawAt !== null && withdrawAt < requestedAt) continue;
		const patient = t.pathways[booking.pathway].patient;
		if (clinic) recentClinic++;
		else recentAdmissions++;
		plans.push({
			patient,
			booking: b,
			reason: clinic ? 'clinic' : 'admission',
			urgency,
			requestedAt,
			requestedBy,
			neededBy: clinic ? start : londonTime(session.date, 7 * 60 + 30),
			destination: clinic ? session.location : t.siteRecords[session.site].ward,
			doneAt: clinic
				? londonTime(session.date, minutesOf(session.endTime))
				: start + rng.int(8, 72) * HOUR,
			withdrawAt
		});
	}

	// Before the sessions the demo holds, a year of the same traffic at the same rate.
	const firstSessionDay = t.todayDay - 28;
	let workingDays = 0;
	for (let d = firstSessionDay; d < t.todayDay; d++)
		if (isWorkingDay(fromDayNumber(d))) workingDays++;
	const clinicPerDay = recentClinic / Math.max(1, workingDays);
	const admissionsPerDay = recentAdmissions / Math.max(1, workingDays);
	const clinicSpecs = t.specialties;
	const clinicWeights = clinicSpecs.map((s) => s.weight * (1 - s.admittedShare));
	const admittedWeights = clinicSpecs.map((s) => s.weight * s.admittedShare);
	for (let d = t.todayDay - HISTORY_DAYS; d < firstSessionDay; d++) {
		const date = fromDayNumber(d);
		if (!isWorkingDay(date)) continue;
		const season = seasonal(date);
		for (let k = count(rng, clinicPerDay * season); k > 0; k--) {
			const spec = rng.weighted(clinicSpecs, clinicWeights);
			const site = spec.clinicRooms.sites[0];
			const rooms = t.roomsByTag.get(`${site}|clinic|${spec.clinicRooms.tag}`) ?? [];
			const startMinute = rng.chance(0.5) ? 8 * 60 + 30 : 13 * 60 + 30;
			plans.push({
				patient: rng.int(0, t.patients.length - 1),
				booking: null,
				reason: 'clinic',
				urgency: 'routine',
				requestedAt: londonTime(addWorkingDays(date, -2), 7 * 60 + rng.int(0, 60)),
				requestedBy: rng.pick(t.recordsStaff),
				neededBy: londonTime(date, startMinute),
				destination: rng.pick(rooms),
				doneAt: londonTime(date, startMinute + 240),
				withdrawAt: rng.chance(0.04)
					? londonTime(addWorkingDays(date, -1), 9 * 60 + rng.int(0, 420))
					: null
			});
		}
		for (let k = count(rng, admissionsPerDay * season); k > 0; k--) {
			const spec = rng.weighted(clinicSpecs, admittedWeights);
			const site = t.siteByCode.get(spec.theatreRooms.sites[0]) as number;
			plans.push({
				patient: rng.int(0, t.patients.length - 1),
				booking: null,
				reason: 'admission',
				urgency: 'routine',
				requestedAt: londonTime(addWorkingDays(date, -2), 10 * 60 + rng.int(0, 300)),
				requestedBy: rng.pick(t.recordsStaff),
				neededBy: londonTime(date, 7 * 60 + 30),
				destination: t.siteRecords[site].ward,
				doneAt: londonTime(date, 7 * 60 + 30) + rng.int(8, 72) * HOUR,
				withdrawAt: null
			});
		}
	}

	// Ad-hoc requests all year, up to now: emergencies (any hour), ward requests and letters.
	const wards = t.locations.flatMap((l, i) => (l.kind === 'ward' ? [i] : []));
	const emergencyDepartment =
		t.siteRecords.find((s) => s.emergency !== null)?.emergency ?? wards[0];
	for (let d = t.todayDay - HISTORY_DAYS; d <= t.todayDay; d++) {
		const date = fromDayNumber(d);
		const working = isWorkingDay(date);
		for (let k = count(rng, 3 * scale); k > 0; k--) {
			const requestedAt = londonTime(date, rng.int(0, 24 * 60 - 1));
			if (requestedAt > t.now) continue;
			plans.push({
				patient: rng.int(0, t.patients.length - 1),
				booking: null,
				reason: 'emergency',
				urgency: 'emergency',
				requestedAt,
				requestedBy: rng.pick(t.recordsStaff),
				neededBy: requestedAt + 30 * MINUTE,
				destination: emergencyDepartment,
				doneAt: requestedAt + rng.int(4, 72) * HOUR,
				withdrawAt: null
			});
		}
		if (!working) continue;
		for (let k = count(rng, 4 * scale); k > 0; k--) {
			const requestedAt = londonTime(date, 8 * 60 + rng.int(0, 600));
			if (requestedAt > t.now) continue;
			plans.push({
				patient: rng.int(0, t.patients.length - 1),
				booking: null,
				reason: 'ward',
				urgency: 'urgent',
				requestedAt,
				requestedBy: rng.pick(t.recordsStaff),
				neededBy: requestedAt + 240 * MINUTE,
				destination: rng.pick(wards),
				doneAt: requestedAt + rng.int(1, 6) * DAY,
				withdrawAt: null
			});
		}
		for (let k = count(rng, 10 * scale); k > 0; k--) {
			const minute = 9 * 60 + rng.int(0, 450);
			const requestedAt = londonTime(date, minute);
			if (requestedAt > t.now) continue;
			const site = rng.weighted([0, 1, 2], [0.7, 0.2, 0.1]);
			plans.push({
				patient: rng.int(0, t.patients.length - 1),
				booking: null,
				reason: 'correspondence',
				urgency: 'routine',
				requestedAt,
				requestedBy: rng.pick(t.coordinators),
				neededBy: londonTime(addWorkingDays(date, 2), minute),
				destination: t.siteRecords[Math.min(site, t.siteRecords.length - 1)].office,
				doneAt: requestedAt + rng.int(2, 10) * DAY,
				withdrawAt: null
			});
		}
	}
	return plans;
}

/** Fewer clinics over Christmas and in August, as in any trust. */
function seasonal(date: string): number {
	const md = date.slice(5);
	if (md >= '12-22' || md <= '01-02') return 0.35;
	if (date.slice(5, 7) === '08') return 0.85;
	return 1;
}

/** A whole count with the given mean: its integer part, plus one with the leftover chance. */
function count(rng: Random, mean: number): number {
	const m = mean * rng.uniform(0.8, 1.2);
	return Math.floor(m) + (rng.chance(m - Math.floor(m)) ? 1 : 0);
}

// ---------------------------------------------------------------- what happened to each request

function lifecycle(t: TrustGenerator, rng: Random, plan: RequestPlan): Step[] {
	const home = t.patientHome[plan.patient];
	const library = t.siteRecords[t.patientSite[plan.patient]].library;
	// One assistant handles the request; filing is whoever is on the returns desk.
	const porter = rng.pick(t.recordsStaff);
	const filer = rng.pick(t.recordsStaff);
	const steps: Step[] = [
		{ status: 'requested', at: plan.requestedAt, location: home, by: plan.requestedBy, note: null }
	];
	const R = plan.requestedAt;
	const N = plan.neededBy;
	const u = (lo: number, hi: number) => rng.uniform(lo, hi);

	if (rng.chance(MISSING_SHARE)) {
		// Not where the tracking system says: the last recorded holder, not the library.
		const tracked = rng.pick(t.siteRecords).office;
		const missingAt = R + u(20, 180) * MINUTE;
		steps.push({
			status: 'missing',
			at: missingAt,
			location: tracked,
			by: porter,
			note: `Not at tracked location (${t.locations[tracked].name}); search started`
		});
		if (rng.chance(0.65)) {
			const temporaryAt = Math.max(
				missingAt + 15 * MINUTE,
				Math.min(N - 10 * MINUTE, missingAt + u(15, 120) * MINUTE)
			);
			steps.push({
				status: 'temporary',
				at: temporaryAt,
				location: plan.destination,
				by: porter,
				note: 'Temporary notes created and sent'
			});
			if (rng.chance(0.8)) {
				steps.push({
					status: 'merged',
					at: temporaryAt + u(3, 30) * DAY,
					location: home,
					by: filer,
					note: 'Original volume found and merged with the temporary notes'
				});
			}
		} else if (rng.chance(0.6)) {
			const foundAt = missingAt + u(1, 10) * DAY;
			steps.push({
				status: 'located',
				at: foundAt,
				location: library,
				by: porter,
				note: 'Found after search'
			});
			steps.push({
				status: 'filed',
				at: foundAt + u(1, 24) * HOUR,
				location: home,
				by: filer,
				note: null
			});
		}
		return finish(t, plan, steps, library);
	}

	let located: number;
	let dispatched: number;
	let available: number;
	if (plan.reason === 'emergency') {
		located = R + u(3, 20) * MINUTE;
		dispatched = located + u(2, 8) * MINUTE;
		available = dispatched + u(4, 15) * MINUTE;
	} else if (plan.reason === 'ward') {
		located = R + u(15, 120) * MINUTE;
		dispatched = located + u(10, 60) * MINUTE;
		available = dispatched + u(10, 40) * MINUTE;
	} else if (plan.reason === 'correspondence') {
		located = R + u(1, 24) * HOUR;
		dispatched = located + u(1, 20) * HOUR;
		available = dispatched + u(20, 180) * MINUTE;
	} else {
		// Clinic and admission pulls: found within hours (now and then a day late), sent on the
		// afternoon round the working day before or the early round on the day.
		located = withinWorkingHours(
			R + (rng.chance(0.05) ? u(20, 40) * HOUR : u(20, 300) * MINUTE),
			rng.int(5, 90)
		);
		const neededDate = fromDayNumber(Math.floor(N / DAY));
		const round = rng.chance(0.6)
			? londonTime(addWorkingDays(neededDate, -1), 14 * 60 + rng.int(0, 120))
			: londonTime(neededDate, 7 * 60 + rng.int(0, 45));
		if (rng.chance(0.985)) {
			// On time, the usual case: on the ward or in clinic before they are needed.
			dispatched = Math.min(Math.max(round, located + 10 * MINUTE), N - 30 * MINUTE);
			available = Math.min(dispatched + u(10, 45) * MINUTE, N - 5 * MINUTE);
		} else {
			available = N + u(5, 90) * MINUTE;
			dispatched = available - u(15, 45) * MINUTE;
		}
	}
	// Returns and filing are done by the library in office hours.
	const done = Math.max(available, plan.doneAt);
	const returned = withinWorkingHours(done + u(0.25, 16) * HOUR, rng.int(0, 120));
	// Returned notes are filed within 24 hours, most of the time.
	const filed = withinWorkingHours(
		returned + (rng.chance(0.9) ? u(1, 20) : u(26, 120)) * HOUR,
		rng.int(30, 300)
	);
	steps.push(
		{ status: 'located', at: located, location: home, by: porter, note: null },
		{ status: 'dispatched', at: dispatched, location: library, by: porter, note: null },
		{ status: 'available', at: available, location: plan.destination, by: porter, note: null },
		{ status: 'returned', at: returned, location: library, by: filer, note: null },
		{ status: 'filed', at: filed, location: home, by: filer, note: null }
	);
	return finish(t, plan, steps, library);
}

/**
 * Keeps the steps in time order (each at least a minute after the last), cuts the story at a
 * withdrawal, and drops whatever would happen after now.
 */
function finish(t: TrustGenerator, plan: RequestPlan, steps: Step[], library: number): Step[] {
	// Whole seconds, as a tracking scanner records them.
	steps[0].at = Math.round(steps[0].at / 1000) * 1000;
	for (let k = 1; k < steps.length; k++) {
		steps[k].at = Math.round(Math.max(steps[k].at, steps[k - 1].at + MINUTE) / 1000) * 1000;
	}
	let kept = steps;
	if (plan.withdrawAt !== null && plan.withdrawAt <= t.now) {
		const at = Math.max(plan.withdrawAt, steps[0].at + MINUTE);
		kept = steps.filter((s) => s.at < at);
		const last = kept[kept.length - 1];
		kept.push({
			status: 'withdrawn',
			at: Math.round(at / 1000) * 1000,
			// Notes already out go back to the library; notes not yet pulled stay in their bay.
			location: last.status === 'requested' ? last.location : library,
			by: last.by,
			note: 'Appointment cancelled'
		});
	}
	return kept.filter((s) => s.at <= t.now);
}

// ---------------------------------------------------------------- summarising

function summarisingQueue(t: TrustGenerator): DemoSummarisingItem[] {
	const rng = t.stream('summarising');
	const items: DemoSummarisingItem[] = [];
	const patient = () => rng.int(0, t.patients.length - 1);
	// Each summariser has their own pace, so throughput per person per week differs.
	const pace = t.summarisers.map((_, k) => [0.4, 0.33, 0.27][k] ?? 0.3);
	const workingDayBefore = (day: number) => {
		let d = day;
		while (!isWorkingDay(fromDayNumber(d))) d--;
		return fromDayNumber(d);
	};

	const completed = Math.round(t.n * 0.12);
	for (let k = 0; k < completed; k++) {
		const day = workingDayBefore(t.todayDay - rng.int(1, 182));
		const completedAt = londonTime(day, 8 * 60 + 30 + rng.int(0, 480));
		const receivedAt = londonTime(
			workingDayBefore(dayNumber(day) - rng.int(1, 40)),
			9 * 60 + rng.int(0, 420)
		);
		const p = patient();
		items.push({
			patient: p,
			source: rng.weighted(SUMMARY_SOURCES, SUMMARY_SOURCE_WEIGHTS),
			receivedAt,
			status: 'completed',
			// The schema keeps claimed_by only while an item is claimed.
			claimedBy: null,
			claimedAt: Math.max(receivedAt + MINUTE, completedAt - rng.int(10, 90) * MINUTE),
			completedBy: rng.weighted(t.summarisers, pace),
			completedAt,
			summary: codedSummary(t, rng, p, fromDayNumber(Math.floor(receivedAt / DAY)))
		});
	}

	// The backlog: a few hundred waiting, the oldest several weeks old, newest most numerous.
	const awaiting = Math.min(400, Math.max(40, Math.round(t.n * 0.015)));
	const claimed = Math.max(3, Math.round(awaiting * 0.06));
	for (let k = 0; k < awaiting + claimed; k++) {
		const age = 1 + Math.floor(59 * rng.next() ** 1.7);
		const receivedAt = londonTime(workingDayBefore(t.todayDay - age), 9 * 60 + rng.int(0, 420));
		const isClaimed = k >= awaiting;
		const claimedAt = isClaimed
			? Math.max(
					receivedAt + MINUTE,
					londonTime(workingDayBefore(t.todayDay - rng.int(1, 3)), 9 * 60 + rng.int(0, 420))
				)
			: null;
		items.push({
			patient: patient(),
			source: rng.weighted(SUMMARY_SOURCES, SUMMARY_SOURCE_WEIGHTS),
			receivedAt,
			status: isClaimed ? 'claimed' : 'awaiting',
			claimedBy: isClaimed ? rng.pick(t.summarisers) : null,
			claimedAt,
			completedBy: null,
			completedAt: null,
			summary: null
		});
	}
	items.sort((a, b) => a.receivedAt - b.receivedAt);
	return items;
}

/** The structured summary of a patient's record as it stood on `received` (also what their letter says). */
export function codedSummary(
	t: TrustGenerator,
	rng: Random,
	patient: number,
	received: string
): RecordSummary {
	const age = t.patientAge[patient];
	const dob = t.patients[patient].dateOfBirth;
	const since = (minAge: number) => {
		const from = dayNumber(dob) + Math.floor(Math.min(minAge, age) * 365.25);
		const to = dayNumber(received);
		return fromDayNumber(from + Math.floor(rng.next() * Math.max(1, to - from)));
	};
	const some = (list: readonly CodedEntry[], n: number, date: () => string): SummaryEntry[] =>
		rng
			.shuffle([...list])
			.slice(0, n)
			.map((e) => ({ code: e.code, term: e.term, date: date() }));
	const problems = some(
		SUMMARY_PROBLEMS,
		age < 18 ? rng.int(0, 1) : age < 50 ? rng.int(0, 2) : rng.int(1, 5),
		() => since(18)
	);
	const procedures = some(SUMMARY_PROCEDURES, rng.int(0, 2), () => since(5));
	const medications = some(
		SUMMARY_MEDICATIONS,
		problems.length > 0 ? rng.int(1, Math.min(5, problems.length + 2)) : rng.int(0, 1),
		() => fromDayNumber(Math.max(dayNumber(dob), dayNumber(addDays(received, -rng.int(0, 90)))))
	);
	const allergies = rng.chance(0.75)
		? [{ ...NO_KNOWN_ALLERGY, date: since(1) }]
		: some(SUMMARY_ALLERGIES, rng.int(1, 2), () => since(1));
	const keyLetters = some(SUMMARY_LETTERS, rng.int(1, 3), () => {
		const from = Math.max(dayNumber(dob), dayNumber(received) - 730);
		return fromDayNumber(from + Math.floor(rng.next() * Math.max(1, dayNumber(received) - from)));
	});
	for (const list of [problems, procedures, medications, allergies, keyLetters]) {
		list.sort((a, b) => a.date.localeCompare(b.date));
	}
	return { problems, procedures, medications, allergies, keyLetters };
}
