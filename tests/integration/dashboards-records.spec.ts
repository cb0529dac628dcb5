/**
 * The records dashboard's figures on real databases: a small hand-made records service whose
 * answers are worked out below by hand, and a generated demo trust (across the March clock
 * change), both checked against an independent computation written here: plain SQL for the raw
 * rows and the counts, the domain's own `slaDueAt` and `wallTime` for due times and clinic starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { loadDemoTrust } from '../../db/demo';
import {
	bookings,
	caseNoteMovements,
	caseNoteRequests,
	sessions,
	settings,
	summarisingItems,
	users,
	type CaseNoteStatus,
	type CaseNoteUrgency
} from '../../db/schema';
import {
	AGE_BANDS,
	recordsDisplayPanels,
	type RecordsDashboard,
	type RecordsFilters
} from '../../src/lib/contracts/dashboards/records';
import { slaDueAt } from '../../src/lib/domain/caseNoteSla';
import { addDays } from '../../src/lib/domain/rtt';
import {
	DAY,
	HOUR,
	MINUTE,
	minutesOf,
	startOfDay,
	wallDate,
	wallTime
} from '../../src/lib/domain/workingTime';
import {
	cachedRecordsDashboard,
	clearRecordsDashboardCache,
	parseRecordsFilters,
	recordsDashboard
} from '../../src/lib/server/dashboards/records';
import { markDashboardsStale, flushDashboards } from '../../src/lib/server/dashboards/live';
import { AppError } from '../../src/lib/server/errors';
import { readRecordsSettings } from '../../src/lib/server/records/settings';
import { targets } from './databases';
import {
	addCommunitySite,
	addLocations,
	addPathway,
	addPatient,
	addTestSite,
	testNhsNumber
} from './fixtures';

/** Tuesday 24 November 2026, 10:00 in London (GMT, so London time is UTC). */
const NOW = new Date(Date.UTC(2026, 10, 24, 10, 0));
/** London wall-clock time as an instant: `at('11-17', '09:00')` is 17 November 2026 09:00. */
const at = (monthDay: string, hhmm: string, seconds = 0) =>
	new Date(wallTime(`2026-${monthDay}`, minutesOf(hhmm)) + seconds * 1000);

// ------------------------------------------------------------------ the independent computation

const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

interface RawRequest {
	id: number;
	reason: string;
	urgency: CaseNoteUrgency;
	status: CaseNoteStatus;
	booked: boolean;
	requested: number;
	located: number | null;
	available: number | null;
	returned: number | null;
	filed: number | null;
	needed: number;
	session_date: string | null;
	session_start: string | null;
	specialty: string | null;
	session_location: number | null;
	destination: number | null;
	place: number | null;
	site: number | null;
}

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], p: number): number | null {
	if (values.length === 0) return null;
	const v = [...values].sort((a, b) => a - b);
	const pos = p * (v.length - 1);
	const lo = Math.floor(pos);
	return v[lo] + (v[Math.min(lo + 1, v.length - 1)] - v[lo]) * (pos - lo);
}
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
const pct = (part: number, whole: number) =>
	whole === 0 ? null : Math.round((part / whole) * 1000) / 10;

/** The Monday on or before an ISO date (worked with JS dates, not the app's helpers). */
function monday(iso: string): string {
	const d = new Date(`${iso}T12:00:00Z`);
	return addDays(iso, -((d.getUTCDay() + 6) % 7));
}

/**
 * Everything the dashboard shows, worked out from the raw rows: each definition straight from
 * DOMAIN.md and the brief, one request at a time.
 */
async function independent(open: OpenDatabase, filters: RecordsFilters, now: Date) {
	const s = await readRecordsSettings(open.db);
	const tz = s.calendar.timeZone;
	const today = wallDate(now.getTime(), tz);
	const from = addDays(monday(today), -7 * (filters.weeks - 1));
	const fromMs = wallTime(from, 0, tz);
	const nowMs = now.getTime();
	const weeks = Array.from({ length: filters.weeks }, (_, i) => addDays(from, 7 * i));

	const requests = (
		await open.query<RawRequest>(`
			select r.id, r.reason, r.urgency, r.status, r.booking_id is not null as booked,
				${ms('r.requested_at')} as requested, ${ms('r.located_at')} as located,
				${ms('r.available_at')} as available, ${ms('r.returned_at')} as returned,
				${ms('r.filed_at')} as filed, ${ms('r.needed_by')} as needed,
				se.date::text as session_date, se.start_time::text as session_start,
				se.specialty_code as specialty, se.location_id as session_location,
				r.destination_location_id as destination,
				coalesce(r.current_location_id, r.home_location_id) as place,
				coalesce(se.site_id,
					(select site_id from locations where id = r.destination_location_id),
					(select site_id from locations where id = r.home_location_id)) as site
			from case_note_requests r
			left join bookings b on b.id = r.booking_id
			left join sessions se on se.id = b.session_id`)
	).filter((r) => filters.siteId === null || r.site === filters.siteId);
	const ids = new Set(requests.map((r) => r.id));

	// availability at clinic
	const clinics = requests
		.filter((r) => r.reason === 'clinic' && r.status !== 'withdrawn')
		.map((r) => {
			const start = r.session_date
				? wallTime(r.session_date, minutesOf(r.session_start!), tz)
				: r.needed;
			return {
				start,
				day: wallDate(start, tz),
				specialty: r.specialty,
				location: r.session_location ?? r.destination,
				ok: r.available !== null && r.available <= start
			};
		})
		.filter((c) => c.start >= fromMs && c.start <= nowMs);
	const rate = (cs: typeof clinics) => ({
		required: cs.length,
		available: cs.filter((c) => c.ok).length,
		ratePct: pct(cs.filter((c) => c.ok).length, cs.length)
	});
	const groups = <K>(cs: typeof clinics, key: (c: (typeof clinics)[number]) => K) =>
		[...new Set(cs.map(key))].map((k) => ({ key: k, ...rate(cs.filter((c) => key(c) === k)) }));

	// turnaround
	const raised = requests.filter(
		(r) => r.status !== 'withdrawn' && r.requested >= fromMs && r.requested <= nowMs
	);
	const turnaround = (['emergency', 'urgent', 'routine'] as const).map((urgency) => {
		const rs = raised
			.filter((r) => r.urgency === urgency)
			.map((r) => ({
				...r,
				due:
					r.reason === 'clinic' || r.reason === 'admission'
						? r.needed
						: slaDueAt(urgency, r.requested, s.sla, s.calendar)
			}));
		const delivered = rs.filter((r) => r.available !== null);
		const within = delivered.filter((r) => r.available! <= r.due).length;
		const overdue = rs.filter((r) => r.available === null && r.due < nowMs).length;
		return {
			urgency,
			raised: rs.length,
			delivered: delivered.length,
			withinSla: within,
			overdue,
			withinSlaPct: pct(within, delivered.length + overdue),
			medianLocateMinutes: round1(
				percentile(
					rs.filter((r) => r.located !== null).map((r) => (r.located! - r.requested) / MINUTE),
					0.5
				)
			),
			medianDeliverMinutes: round1(
				percentile(
					delivered.map((r) => (r.available! - r.requested) / MINUTE),
					0.5
				)
			),
			p90DeliverMinutes: round1(
				percentile(
					delivered.map((r) => (r.available! - r.requested) / MINUTE),
					0.9
				)
			)
		};
	});

	// outstanding, by plain SQL: open requests by place and whole days since they could be worked
	// (raised, and the pull day begun, in London); those on a later pull list are not yet due
	const open_ = await open.query<{
		id: number;
		place: number | null;
		requested: number;
		pull_on: string | null;
	}>(
		`select id, coalesce(current_location_id, home_location_id) as place,
			extract(epoch from requested_at)::float8 * 1000 as requested, pull_on::text
		 from case_note_requests where status not in ('filed', 'merged', 'withdrawn')`
	);
	const openRows = open_
		.filter((r) => ids.has(r.id) && (r.pull_on === null || r.pull_on <= today))
		.map((r) => {
			const from = Math.max(r.requested, r.pull_on === null ? 0 : startOfDay(r.pull_on, tz));
			return { ...r, days: Math.floor((now.getTime() - from) / 86_400_000) };
		});
	const band = (days: number) =>
		days < 1 ? 0 : days <= 2 ? 1 : days <= 7 ? 2 : days <= 28 ? 3 : 4;
	const byAge = [0, 1, 2, 3, 4].map((b) => openRows.filter((r) => band(r.days) === b).length);
	const byPlace = [...new Set(openRows.map((r) => r.place))].map((place) => ({
		place,
		bands: [0, 1, 2, 3, 4].map(
			(b) => openRows.filter((r) => r.place === place && band(r.days) === b).length
		)
	}));

	// missing and temporary, by plain SQL over the movements
	const moves = (
		await open.query<{ request_id: number; status: string; at: number }>(
			`select request_id, status, ${ms('at')} as at from case_note_movements
			 where status in ('missing', 'temporary', 'merged')`
		)
	).filter((m) => ids.has(m.request_id));
	const inPeriod = moves.filter((m) => m.at >= fromMs && m.at <= nowMs);
	const temporaryNow = requests.filter((r) => r.status === 'temporary');
	const madeAt = temporaryNow.map((r) =>
		Math.max(
			...moves.filter((m) => m.request_id === r.id && m.status === 'temporary').map((m) => m.at)
		)
	);

	// filing
	const filed = requests.filter(
		(r) => r.filed !== null && r.returned !== null && r.filed >= fromMs && r.filed <= nowMs
	);
	const onTime = (r: RawRequest) => r.filed! - r.returned! <= s.sla.filingHours * HOUR;
	const returnedNow = requests.filter((r) => r.status === 'returned');

	// summarising, by plain SQL
	const [queue] = await open.query<{ awaiting: number; claimed: number; oldest: number | null }>(
		`select (select count(*) from summarising_items where status = 'awaiting')::int as awaiting,
			(select count(*) from summarising_items where status = 'claimed')::int as claimed,
			(select ${ms('min(received_at)')} from summarising_items where status <> 'completed') as oldest`
	);
	const done = await open.query<{ name: string | null; at: number }>(
		`select u.name, ${ms('i.completed_at')} as at from summarising_items i
		 left join users u on u.id = i.completed_by
		 where i.status = 'completed' and i.completed_at >= $1::timestamptz and i.completed_at <= $2::timestamptz`,
		[new Date(fromMs).toISOString(), now.toISOString()]
	);

	return {
		today,
		from,
		weeks,
		availability: {
			period: rate(clinics),
			today: rate(clinics.filter((c) => c.day === today)),
			thisWeek: rate(clinics.filter((c) => monday(c.day) === monday(today))),
			byWeek: weeks.map((w) => ({
				weekStart: w,
				...rate(clinics.filter((c) => monday(c.day) === w))
			})),
			bySpecialty: groups(clinics, (c) => c.specialty),
			byLocation: groups(clinics, (c) => c.location)
		},
		turnaround,
		outstanding: { total: openRows.length, byAge, byPlace },
		missing: {
			missingNow: requests.filter((r) => r.status === 'missing').length,
			flaggedInPeriod: inPeriod.filter((m) => m.status === 'missing').length,
			temporaryInPeriod: inPeriod.filter((m) => m.status === 'temporary').length,
			mergedInPeriod: inPeriod.filter((m) => m.status === 'merged').length,
			mergeBacklog: temporaryNow.length,
			mergeBacklogOldestDays: madeAt.length
				? Math.floor((nowMs - Math.min(...madeAt)) / DAY)
				: null,
			byWeek: weeks.map((w) => {
				const wk = inPeriod.filter((m) => monday(wallDate(m.at, tz)) === w);
				return {
					weekStart: w,
					missing: wk.filter((m) => m.status === 'missing').length,
					temporary: wk.filter((m) => m.status === 'temporary').length,
					merged: wk.filter((m) => m.status === 'merged').length
				};
			})
		},
		filing: {
			targetHours: s.sla.filingHours,
			filed: filed.length,
			withinTarget: filed.filter(onTime).length,
			withinTargetPct: pct(filed.filter(onTime).length, filed.length),
			medianHours: round1(
				percentile(
					filed.map((r) => (r.filed! - r.returned!) / HOUR),
					0.5
				)
			),
			awaiting: returnedNow.length,
			overdue: returnedNow.filter((r) => nowMs - r.returned! > s.sla.filingHours * HOUR).length,
			byWeek: weeks.map((w) => {
				const wk = filed.filter((r) => monday(wallDate(r.filed!, tz)) === w);
				return {
					weekStart: w,
					filed: wk.length,
					withinTarget: wk.filter(onTime).length,
					withinTargetPct: pct(wk.filter(onTime).length, wk.length)
				};
			})
		},
		summarising: {
			awaiting: queue.awaiting,
			claimed: queue.claimed,
			backlog: queue.awaiting + queue.claimed,
			oldestAgeDays: queue.oldest === null ? null : Math.floor((nowMs - queue.oldest) / DAY),
			completedInPeriod: done.length,
			byPerson: [...new Set(done.map((d) => d.name ?? 'Not recorded'))].map((name) => ({
				name,
				perWeek: weeks.map(
					(w) =>
						done.filter(
							(d) => (d.name ?? 'Not recorded') === name && monday(wallDate(d.at, tz)) === w
						).length
				)
			}))
		}
	};
}

/** Every figure the dashboard shows equals the independent computation's. */
async function expectAgreement(open: OpenDatabase, filters: RecordsFilters, now: Date) {
	const got = await recordsDashboard(open.db, filters, now);
	const want = await independent(open, filters, now);
	expect(got.today).toBe(want.today);
	expect(got.period).toEqual({ from: want.from, to: want.today, weeks: want.weeks });

	const { availability: a } = got;
	expect(a.period).toEqual(want.availability.period);
	expect(a.today).toEqual(want.availability.today);
	expect(a.thisWeek).toEqual(want.availability.thisWeek);
	expect(a.byWeek).toEqual(want.availability.byWeek);
	const names = new Map(
		(await open.query<{ code: string; name: string }>('select code, name from specialties')).map(
			(r) => [r.code, r.name]
		)
	);
	const places = new Map(
		(
			await open.query<{ id: number; name: string; site: string }>(
				'select l.id, l.name, s.code as site from locations l join sites s on s.id = l.site_id'
			)
		).map((r) => [r.id, r])
	);
	const bySize = <T extends { required: number; available: number }>(rows: T[]) =>
		rows
			.map(({ required, available }) => `${required}/${available}`)
			.sort()
			.join(' ');
	expect(a.bySpecialty.map((r) => `${r.name} ${r.required}/${r.available}`).sort()).toEqual(
		want.availability.bySpecialty
			.map(
				(r) => `${r.key === null ? 'Not recorded' : names.get(r.key)} ${r.required}/${r.available}`
			)
			.sort()
	);
	expect(
		a.byLocation.map((r) => `${r.location} ${r.site} ${r.required}/${r.available}`).sort()
	).toEqual(
		want.availability.byLocation
			.map((r) => {
				const p = r.key === null ? undefined : places.get(r.key);
				return `${p?.name ?? 'No location recorded'} ${p?.site ?? ''} ${r.required}/${r.available}`;
			})
			.sort()
	);
	expect(bySize(a.byLocation)).toBe(bySize(want.availability.byLocation));

	expect(got.turnaround.map(({ sla: _sla, ...rest }) => rest)).toEqual(want.turnaround);

	expect(got.outstanding.total).toBe(want.outstanding.total);
	expect(got.outstanding.byAge.map((b) => b.count)).toEqual(want.outstanding.byAge);
	expect(
		got.outstanding.byLocation
			.map(
				(r) => `${r.location} ${r.site}: ${AGE_BANDS.map((b) => r[b.key]).join(',')} = ${r.total}`
			)
			.sort()
	).toEqual(
		want.outstanding.byPlace
			.map((r) => {
				const p = r.place === null ? undefined : places.get(r.place);
				const total = r.bands.reduce((t, n) => t + n, 0);
				return `${p?.name ?? 'No location recorded'} ${p?.site ?? ''}: ${r.bands.join(',')} = ${total}`;
			})
			.sort()
	);

	expect(got.missing).toEqual(want.missing);
	expect(got.filing).toEqual(want.filing);

	const { summarising: sm } = got;
	expect({
		awaiting: sm.awaiting,
		claimed: sm.claimed,
		backlog: sm.backlog,
		oldestAgeDays: sm.oldestAgeDays,
		completedInPeriod: sm.completedInPeriod
	}).toEqual({
		awaiting: want.summarising.awaiting,
		claimed: want.summarising.claimed,
		backlog: want.summarising.backlog,
		oldestAgeDays: want.summarising.oldestAgeDays,
		completedInPeriod: want.summarising.completedInPeriod
	});
	const perWeek = (name: string) =>
		want.weeks.map(
			(w) => sm.byWeek.find((r) => r.weekStart === w && r.summariser === name)?.completed ?? 0
		);
	expect(sm.bySummariser.map((s) => s.summariser).sort()).toEqual(
		want.summarising.byPerson.map((p) => p.name).sort()
	);
	for (const p of want.summarising.byPerson) expect(perWeek(p.name)).toEqual(p.perWeek);
	return got;
}

// ------------------------------------------------------------------ the hand-made records service

describe.each(targets)('records dashboard on $name', (target) => {
	let open: OpenDatabase;
	let site: { rx1: number; rx2: number };
	let loc: Record<'library' | 'clinic' | 'ward' | 'store' | 'rx2clinic', number>;
	let figures: RecordsDashboard;

	beforeAll(async () => {
		open = await target.open();
		const { db } = open;
		const rx1 = await addTestSite(open);
		const rx2 = await addCommunitySite(open);
		site = { rx1, rx2 };
		const [library, clinic, ward, store, rx2clinic] = await addLocations(open, [
			{ siteId: rx1, name: 'Records Library', kind: 'library' },
			{ siteId: rx1, name: 'ENT Clinic', kind: 'clinic' },
			{ siteId: rx1, name: 'Ward 3', kind: 'ward' },
			{ siteId: rx2, name: 'Community Store', kind: 'library' },
			{ siteId: rx2, name: 'Community Clinic', kind: 'clinic' }
		]);
		loc = { library, clinic, ward, store, rx2clinic };
		// A bank holiday on Wednesday 18 November (synthetic), so routine SLAs skip it.
		await db.insert(settings).values({ key: 'trust.bankHolidays', value: ['2026-11-18'] });
		const staff = await db
			.insert(users)
			.values(
				[
					['Rita Records', 'records'],
					['Sam Summariser', 'summariser'],
					['Hana Summariser', 'summariser']
				].map(([name, role]) => ({
					email: `${name.split(' ')[0].toLowerCase()}@dash.test`,
					name,
					role: role as 'records' | 'summariser',
					passwordHash: 'not-a-real-hash'
				}))
			)
			.returning();
		const [rita, sam, hana] = staff.map((u) => u.id);

		let n = 0;
		async function patient() {
			n++;
			return addPatient(open, { nhsNumber: testNhsNumber('200', n), familyName: `Dash${n}` });
		}
		async function session(
			date: string,
			start: string,
			specialty: string,
			siteId: number,
			locationId: number
		) {
			const [s] = await db
				.insert(sessions)
				.values({
					kind: 'clinic',
					date,
					startTime: start,
					endTime: '17:00',
					bookableMinutes: 180,
					slotMinutes: 20,
					specialtyCode: specialty,
					siteId,
					locationId
				})
				.returning();
			return s;
		}
		/** A clinic booking for a new patient; returns the patient and booking ids. */
		async function booked(s: { id: number; specialtyCode: string }) {
			const patientId = await patient();
			const pathwayId = await addPathway(open, patientId, {
				specialtyCode: s.specialtyCode,
				clockStart: '2026-09-01',
				priority: null,
				decisionDate: null,
				procedure: 'Review',
				expectedMinutes: 20
			});
			const [b] = await db.insert(bookings).values({ pathwayId, sessionId: s.id }).returning();
			return { patientId, bookingId: b.id };
		}
		interface Req {
			booking?: { patientId: number; bookingId: number };
			reason?: 'clinic' | 'ward' | 'emergency' | 'correspondence';
			urgency?: CaseNoteUrgency;
			status: CaseNoteStatus;
			needed: Date;
			requested: Date;
			located?: Date;
			available?: Date;
			returned?: Date;
			filed?: Date;
			withdrawn?: Date;
			merged?: Date;
			home?: number;
			current?: number;
			destination?: number;
			moves?: [CaseNoteStatus, Date][];
		}
		async function request(r: Req) {
			const [row] = await db
				.insert(caseNoteRequests)
				.values({
					patientId: r.booking?.patientId ?? (await patient()),
					bookingId: r.booking?.bookingId ?? null,
					reason: r.reason ?? 'clinic',
					urgency: r.urgency ?? 'routine',
					status: r.status,
					neededBy: r.needed,
					requestedAt: r.requested,
					requestedBy: rita,
					locatedAt: r.located ?? null,
					availableAt: r.available ?? null,
					returnedAt: r.returned ?? null,
					filedAt: r.filed ?? null,
					withdrawnAt: r.withdrawn ?? null,
					mergedAt: r.merged ?? null,
					homeLocationId: r.home ?? loc.library,
					currentLocationId: r.current ?? r.home ?? loc.library,
					destinationLocationId: r.destination ?? null,
					missing: (r.moves ?? []).some(([s]) => s === 'missing'),
					temporaryNotes: (r.moves ?? []).some(([s]) => s === 'temporary')
				})
				.returning();
			if (r.moves?.length)
				await db
					.insert(caseNoteMovements)
					.values(
						r.moves.map(([status, at]) => ({ requestId: row.id, status, at, byUserId: rita }))
					);
			return row.id;
		}

		// Clinics: s1 last Tuesday; s2 this morning (started); s3 this afternoon (not yet);
		// s4 before the period; s5 last Friday afternoon at the community site.
		const s1 = await session('2026-11-17', '09:00', '120', rx1, clinic);
		const s2 = await session('2026-11-24', '09:00', '110', rx1, clinic);
		const s3 = await session('2026-11-24', '14:00', '120', rx2, rx2clinic);
		const s4 = await session('2026-11-10', '09:00', '120', rx1, clinic);
		const s5 = await session('2026-11-20', '13:30', '120', rx2, rx2clinic);
		const needed = (s: { date: string; startTime: string }) =>
			new Date(wallTime(s.date, minutesOf(s.startTime)));

		// r1: available before s1 started, filed within 24 h of its return
		await request({
			booking: await booked(s1),
			status: 'filed',
			needed: needed(s1),
			requested: at('11-13', '07:30'),
			located: at('11-13', '09:00'),
			available: at('11-17', '08:30'),
			returned: at('11-17', '13:00'),
			filed: at('11-18', '09:00'),
			destination: clinic
		});
		// r2: arrived a quarter of an hour late; filed 44 h after its return
		await request({
			booking: await booked(s1),
			status: 'filed',
			needed: needed(s1),
			requested: at('11-13', '07:35'),
			available: at('11-17', '09:15'),
			returned: at('11-17', '14:00'),
			filed: at('11-19', '10:00'),
			destination: clinic
		});
		// r3: went missing on Monday 16th and is still missing
		await request({
			booking: await booked(s1),
			status: 'missing',
			needed: needed(s1),
			requested: at('11-13', '07:40'),
			destination: clinic,
			moves: [['missing', at('11-16', '10:00')]]
		});
		// r4: withdrawn (the appointment was cancelled): counts nowhere
		await request({
			booking: await booked(s1),
			status: 'withdrawn',
			needed: needed(s1),
			requested: at('11-13', '07:45'),
			withdrawn: at('11-14', '10:00'),
			destination: clinic
		});
		// r5: at this morning's clinic in time; raised in the period
		await request({
			booking: await booked(s2),
			status: 'available',
			needed: needed(s2),
			requested: at('11-20', '07:30'),
			located: at('11-20', '09:00'),
			available: at('11-24', '08:00'),
			destination: clinic,
			current: clinic
		});
		// r6: still not pulled for this morning's clinic
		await request({
			booking: await booked(s2),
			status: 'requested',
			needed: needed(s2),
			requested: at('11-20', '07:40'),
			destination: clinic
		});
		// r7: this afternoon's clinic (not yet started); booked inside the lead time
		await request({
			booking: await booked(s3),
			urgency: 'urgent',
			status: 'located',
			needed: needed(s3),
			requested: at('11-20', '07:50'),
			located: at('11-23', '09:00'),
			home: store,
			destination: rx2clinic
		});
		// r8: a clinic before the period, filed before it
		await request({
			booking: await booked(s4),
			status: 'filed',
			needed: needed(s4),
			requested: at('11-06', '07:30'),
			available: at('11-10', '08:30'),
			returned: at('11-10', '13:00'),
			filed: at('11-11', '09:00'),
			destination: clinic
		});
		// r9: in time for Friday's community clinic; returned and not yet filed
		await request({
			booking: await booked(s5),
			status: 'returned',
			needed: needed(s5),
			requested: at('11-18', '07:30'),
			located: at('11-18', '10:00'),
			available: at('11-20', '13:00'),
			returned: at('11-20', '17:00'),
			home: store,
			destination: rx2clinic,
			current: store
		});
		// r10: a clinic request with no booking (history): needed at 13:30, arrived 13:45
		await request({
			status: 'available',
			needed: at('11-18', '13:30'),
			requested: at('11-16', '07:30'),
			available: at('11-18', '13:45'),
			home: store,
			destination: rx2clinic,
			current: rx2clinic
		});
		// Emergencies (SLA 30 minutes): e1 in 25, e2 in 40, e3 raised 20 minutes ago
		await request({
			reason: 'emergency',
			urgency: 'emergency',
			status: 'available',
			needed: at('11-21', '03:30'),
			requested: at('11-21', '03:00'),
			located: at('11-21', '03:10'),
			available: at('11-21', '03:25'),
			destination: ward,
			current: ward
		});
		await request({
			reason: 'emergency',
			urgency: 'emergency',
			status: 'returned',
			needed: at('11-22', '12:30'),
			requested: at('11-22', '12:00'),
			located: at('11-22', '12:20'),
			available: at('11-22', '12:40'),
			returned: at('11-24', '08:00'),
			destination: ward
		});
		await request({
			reason: 'emergency',
			urgency: 'emergency',
			status: 'requested',
			needed: at('11-24', '10:10'),
			requested: at('11-24', '09:40'),
			destination: ward
		});
		// Urgent ward requests (SLA 4 hours): u1 in 3 hours (filed 15 h after return); u2 overdue
		await request({
			reason: 'ward',
			urgency: 'urgent',
			status: 'filed',
			needed: at('11-19', '14:00'),
			requested: at('11-19', '10:00'),
			located: at('11-19', '11:00'),
			available: at('11-19', '13:00'),
			returned: at('11-19', '18:00'),
			filed: at('11-20', '09:00'),
			destination: ward
		});
		await request({
			reason: 'ward',
			urgency: 'urgent',
			status: 'requested',
			needed: at('11-23', '12:00'),
			requested: at('11-23', '08:00'),
			destination: ward
		});
		// Routine correspondence (2 working days; Wednesday 18th is a holiday):
		// c1 Fri 15:00 → due Tue 24th 15:00, delivered this morning;
		await request({
			reason: 'correspondence',
			status: 'available',
			needed: at('11-24', '15:00'),
			requested: at('11-20', '15:00'),
			available: at('11-24', '09:30'),
			destination: ward,
			current: ward
		});
		// c2 Sat 11:00 → clock starts Mon 00:00 → due Wed 25th 00:00; located, not yet due;
		await request({
			reason: 'correspondence',
			status: 'located',
			needed: at('11-25', '00:00'),
			requested: at('11-21', '11:00'),
			located: at('11-23', '09:00'),
			destination: ward
		});
		// c3 Mon 16th 10:00 → (Wed a holiday) due Thu 19th 10:00; delivered Wed 10:00:30, in time;
		// filed 25 h after its return
		await request({
			reason: 'correspondence',
			status: 'filed',
			needed: at('11-19', '10:00'),
			requested: at('11-16', '10:00'),
			available: at('11-18', '10:00', 30),
			returned: at('11-18', '15:00'),
			filed: at('11-19', '16:00'),
			destination: ward
		});
		// c4 Tue 17th 16:00 → (Wed a holiday) due Fri 20th 16:00; never delivered: overdue
		await request({
			reason: 'correspondence',
			status: 'requested',
			needed: at('11-20', '16:00'),
			requested: at('11-17', '16:00'),
			destination: ward
		});
		// Temporary notes: t1 made 3 Nov, still to merge; t2 missing, made and merged in the
		// period; t3 raised 1 Oct, temporary notes made on the 17th, still to merge.
		await request({
			reason: 'ward',
			status: 'temporary',
			needed: at('11-02', '12:00'),
			requested: at('11-02', '09:00'),
			destination: ward,
			current: ward,
			moves: [
				['missing', at('11-03', '10:00')],
				['temporary', at('11-03', '11:00')]
			]
		});
		await request({
			reason: 'ward',
			status: 'merged',
			needed: at('11-09', '12:00'),
			requested: at('11-09', '09:00'),
			merged: at('11-23', '10:00'),
			destination: ward,
			moves: [
				['missing', at('11-16', '09:00')],
				['temporary', at('11-16', '10:00')],
				['merged', at('11-23', '10:00')]
			]
		});
		await request({
			reason: 'ward',
			status: 'temporary',
			needed: at('10-01', '12:00'),
			requested: at('10-01', '09:00'),
			destination: ward,
			current: ward,
			moves: [
				['missing', at('10-01', '10:00')],
				['temporary', at('11-17', '12:00')]
			]
		});

		// Summarising: two awaiting (oldest since 1 Nov), one claimed; Sam finished three in the
		// period (and one before it), Hana one.
		const item = async (
			receivedAt: Date,
			status: 'awaiting' | 'claimed' | 'completed',
			by: number | null = null,
			doneAt: Date | null = null
		) =>
			db.insert(summarisingItems).values({
				patientId: await patient(),
				source: 'New registration',
				receivedAt,
				status,
				claimedBy: status === 'claimed' ? by : null,
				claimedAt: status === 'claimed' ? receivedAt : null,
				completedBy: status === 'completed' ? by : null,
				completedAt: doneAt
			});
		await item(at('11-01', '09:00'), 'awaiting');
		await item(at('11-20', '09:00'), 'awaiting');
		await item(at('11-10', '09:00'), 'claimed', sam);
		await item(at('11-02', '09:00'), 'completed', sam, at('11-17', '11:00'));
		await item(at('11-02', '09:00'), 'completed', sam, at('11-18', '11:00'));
		await item(at('11-02', '09:00'), 'completed', sam, at('11-23', '11:00'));
		await item(at('11-02', '09:00'), 'completed', sam, at('11-05', '11:00'));
		await item(at('11-02', '09:00'), 'completed', hana, at('11-20', '11:00'));

		figures = await recordsDashboard(db, { siteId: null, weeks: 2 }, NOW);
	});
	afterAll(async () => {
		await open?.close();
	});

	it('works out availability at clinic as by hand', () => {
		const a = figures.availability;
		expect(figures.period).toEqual({
			from: '2026-11-16',
			to: '2026-11-24',
			weeks: ['2026-11-16', '2026-11-23']
		});
		// clinics held in the period: s1 (r1 ✓, r2 late, r3 missing; r4 withdrawn), s2 (r5 ✓, r6
		// not pulled), s5 (r9 ✓) and r10's (late); s3 has not started and s4 was before the period
		expect(a.period).toEqual({ required: 7, available: 3, ratePct: 42.9 });
		expect(a.today).toEqual({ required: 2, available: 1, ratePct: 50 });
		expect(a.thisWeek).toEqual({ required: 2, available: 1, ratePct: 50 });
		expect(a.byWeek).toEqual([
			{ weekStart: '2026-11-16', required: 5, available: 2, ratePct: 40 },
			{ weekStart: '2026-11-23', required: 2, available: 1, ratePct: 50 }
		]);
		// worst first
		expect(a.bySpecialty).toEqual([
			{ specialty: '', name: 'Not recorded', required: 1, available: 0, ratePct: 0 },
			{ specialty: '120', name: 'ENT', required: 4, available: 2, ratePct: 50 },
			{ specialty: '110', name: 'Trauma & Orthopaedics', required: 2, available: 1, ratePct: 50 }
		]);
		expect(a.byLocation).toEqual([
			{ location: 'ENT Clinic', site: 'RX1', required: 5, available: 2, ratePct: 40 },
			{ location: 'Community Clinic', site: 'RX2', required: 2, available: 1, ratePct: 50 }
		]);
	});

	it('measures retrieval turnaround against the SLA for each urgency', () => {
		const [emergency, urgent, routine] = figures.turnaround;
		// e1 25 min ✓, e2 40 min ✗, e3 not yet due
		expect(emergency).toEqual({
			urgency: 'emergency',
			sla: '30 minutes',
			raised: 3,
			delivered: 2,
			withinSla: 1,
			overdue: 0,
			withinSlaPct: 50,
			medianLocateMinutes: 15,
			medianDeliverMinutes: 32.5,
			p90DeliverMinutes: 38.5
		});
		// u1 ✓ in 3 h, u2 overdue, r7 (the urgent clinic pull) due this afternoon
		expect(urgent).toMatchObject({
			sla: '4 hours',
			raised: 3,
			delivered: 1,
			withinSla: 1,
			overdue: 1,
			withinSlaPct: 50,
			medianDeliverMinutes: 180
		});
		// r5 ✓, r9 ✓, r10 ✗ (15 min after the clinic began), c1 ✓, c3 ✓ (the holiday moves its
		// due day); r6 and c4 overdue; c2 not yet due
		expect(routine).toMatchObject({
			sla: '2 working days',
			raised: 8,
			delivered: 5,
			withinSla: 4,
			overdue: 2,
			withinSlaPct: 57.1
		});
	});

	it('counts outstanding requests by age and place, and the missing, temporary and filing queues', () => {
		expect(figures.outstanding.total).toBe(15);
		expect(figures.outstanding.byAge.map((b) => [b.band, b.count])).toEqual([
			['under a day', 1],
			['1–2 days', 3],
			['3–7 days', 7],
			['8–28 days', 3],
			['over 28 days', 1]
		]);
		expect(figures.outstanding.byLocation.find((r) => r.location === 'Ward 3')).toEqual({
			location: 'Ward 3',
			site: 'RX1',
			under1: 0,
			days1to2: 0,
			days3to7: 2,
			days8to28: 1,
			over28: 1,
			total: 4
		});
		expect(figures.missing).toEqual({
			missingNow: 1,
			flaggedInPeriod: 2,
			temporaryInPeriod: 2,
			mergedInPeriod: 1,
			mergeBacklog: 2,
			mergeBacklogOldestDays: 20,
			byWeek: [
				{ weekStart: '2026-11-16', missing: 2, temporary: 2, merged: 0 },
				{ weekStart: '2026-11-23', missing: 0, temporary: 0, merged: 1 }
			]
		});
		// filed in the period: r1 20 h ✓, u1 15 h ✓, c3 25 h ✗, r2 44 h ✗; awaiting: r9 (overdue), e2
		expect(figures.filing).toEqual({
			targetHours: 24,
			filed: 4,
			withinTarget: 2,
			withinTargetPct: 50,
			medianHours: 22.5,
			awaiting: 2,
			overdue: 1,
			byWeek: [
				{ weekStart: '2026-11-16', filed: 4, withinTarget: 2, withinTargetPct: 50 },
				{ weekStart: '2026-11-23', filed: 0, withinTarget: 0, withinTargetPct: null }
			]
		});
	});

	it('reports the summarising backlog, its oldest item and each summariser’s weeks', () => {
		const s = figures.summarising;
		expect(s).toMatchObject({
			awaiting: 2,
			claimed: 1,
			backlog: 3,
			oldestAgeDays: 23,
			completedInPeriod: 4,
			bySummariser: [
				{ summariser: 'Sam Summariser', completed: 3, perWeek: 1.5 },
				{ summariser: 'Hana Summariser', completed: 1, perWeek: 0.5 }
			]
		});
		expect(s.byWeek).toEqual([
			{ weekStart: '2026-11-16', summariser: 'Sam Summariser', completed: 2 },
			{ weekStart: '2026-11-16', summariser: 'Hana Summariser', completed: 1 },
			{ weekStart: '2026-11-23', summariser: 'Sam Summariser', completed: 1 },
			{ weekStart: '2026-11-23', summariser: 'Hana Summariser', completed: 0 }
		]);
	});

	it('narrows to a site', async () => {
		const rx1 = await recordsDashboard(open.db, { siteId: site.rx1, weeks: 2 }, NOW);
		expect(rx1.availability.period).toEqual({ required: 5, available: 2, ratePct: 40 });
		const rx2 = await recordsDashboard(open.db, { siteId: site.rx2, weeks: 2 }, NOW);
		expect(rx2.availability.period).toEqual({ required: 2, available: 1, ratePct: 50 });
		// r7 (RX2 clinic, notes in the RX2 store), r9 (returned to the store) and r10
		expect(rx2.outstanding.total).toBe(3);
		expect(rx1.outstanding.total + rx2.outstanding.total).toBe(figures.outstanding.total);
	});

	it('agrees with the independent computation, for the trust and each site', async () => {
		for (const siteId of [null, site.rx1, site.rx2])
			for (const weeks of [1, 2, 12]) await expectAgreement(open, { siteId, weeks }, NOW);
	});

	it('gives the office display only aggregate numbers', () => {
		const panels = recordsDisplayPanels(figures);
		expect(panels).toEqual({
			generatedAt: NOW.toISOString(),
			availabilityToday: { required: 2, available: 1, ratePct: 50 },
			availabilityThisWeek: { required: 2, available: 1, ratePct: 50 },
			outstandingTotal: 15,
			outstandingByAge: figures.outstanding.byAge,
			summarisingBacklog: 3,
			summarisingOldestDays: 23
		});
		expect(JSON.stringify(panels)).not.toMatch(/Dash\d|Summariser|Ward|Clinic|999/);
		// the dashboard itself carries no patient data either
		expect(JSON.stringify(figures)).not.toMatch(/Dash\d|9992000/);
	});

	it('computes once per dashboard version, and again after records change', async () => {
		clearRecordsDashboardCache();
		const filters = { siteId: null, weeks: 2 };
		const first = cachedRecordsDashboard(open.db, filters, NOW);
		expect(cachedRecordsDashboard(open.db, filters, NOW)).toBe(first);
		await first;
		markDashboardsStale('records');
		flushDashboards();
		const after = cachedRecordsDashboard(open.db, filters, NOW);
		expect(after).not.toBe(first);
		expect((await after).outstanding.total).toBe(15);
		// and once the figures have aged
		const later = new Date(NOW.getTime() + 31_000);
		expect(cachedRecordsDashboard(open.db, filters, later)).not.toBe(after);
	});

	it('refuses bad filters, naming the field', async () => {
		const refusal = (query: string) => {
			try {
				parseRecordsFilters(new URLSearchParams(query));
			} catch (e) {
				if (e instanceof AppError) return `${e.status} ${e.message}`;
				throw e;
			}
			return 'accepted';
		};
		expect(parseRecordsFilters(new URLSearchParams(''))).toEqual({ siteId: null, weeks: 12 });
		expect(parseRecordsFilters(new URLSearchParams('siteId=&weeks=4'))).toEqual({
			siteId: null,
			weeks: 4
		});
		expect(refusal('weeks=0')).toMatch(/^400 weeks: /);
		expect(refusal('weeks=53')).toMatch(/^400 weeks: /);
		expect(refusal('weeks=two')).toMatch(/^400 weeks: /);
		expect(refusal('siteId=-1')).toMatch(/^400 siteId: /);
		expect(refusal('siteId=1&siteId=2')).toBe('400 siteId: give it once');
		expect(refusal('specialty=120')).toBe('400 unknown field: specialty');
		await expect(recordsDashboard(open.db, { siteId: 999, weeks: 2 }, NOW)).rejects.toThrow(
			'siteId: no site 999'
		);
	});

	it('counts a request outstanding from its pull day, and not at all while its pull day is ahead', async () => {
		const [any] = await open.db.select().from(caseNoteRequests).limit(1);
		const before = await recordsDashboard(open.db, { siteId: null, weeks: 12 }, NOW);
		const raised = new Date(NOW.getTime() - 20 * DAY);
		// a booking's request raised 20 days ago for yesterday's pull list, and one for next week's
		await open.db.insert(caseNoteRequests).values(
			(['2026-11-23', '2026-12-01'] as const).map((pullOn) => ({
				patientId: any.patientId,
				reason: 'ward',
				urgency: 'routine' as const,
				status: 'requested' as const,
				neededBy: new Date(wallTime(addDays(pullOn, 2), 9 * 60)),
				requestedAt: raised,
				homeLocationId: loc.library,
				currentLocationId: loc.library,
				pullOn
			}))
		);
		const after = await recordsDashboard(open.db, { siteId: null, weeks: 12 }, NOW);
		expect(after.outstanding.total).toBe(before.outstanding.total + 1);
		const grew = after.outstanding.byAge
			.map((b, i) => [b.band, b.count - before.outstanding.byAge[i].count] as const)
			.filter(([, d]) => d !== 0);
		// yesterday 00:00 to NOW (Tuesday 10:00) is a day and more: not 20 days
		expect(grew).toEqual([['1–2 days', 1]]);
		await expectAgreement(open, { siteId: null, weeks: 12 }, NOW);
	});
});

// ------------------------------------------------------------------ a generated demo trust

describe.each(targets)('records dashboard on the demo trust on $name', (target) => {
	let open: OpenDatabase;
	// A Monday just after the March clock change: the period spans GMT and BST.
	const TODAY = '2026-03-30';

	beforeAll(async () => {
		open = await target.open();
		await loadDemoTrust(open, { seed: 5, pathways: 1000, today: TODAY });
	}, 120_000);
	afterAll(async () => {
		await open?.close();
	});

	it('agrees with the independent computation, for the trust and each site', async () => {
		const siteIds = (await open.query<{ id: number }>('select id from sites order by id')).map(
			(s) => s.id
		);
		// the demo's "now" (07:30) and later in the day, once clinics have started
		for (const now of [new Date(wallTime(TODAY, 7 * 60 + 30)), new Date(wallTime(TODAY, 15 * 60))])
			for (const siteId of [null, ...siteIds]) {
				const got = await expectAgreement(open, { siteId, weeks: 12 }, now);
				if (siteId === null) expect(got.availability.period.required).toBeGreaterThan(0);
			}
		const got = await recordsDashboard(
			open.db,
			{ siteId: null, weeks: 12 },
			new Date(wallTime(TODAY, 15 * 60))
		);
		expect(got.turnaround.every((t) => t.raised > 0)).toBe(true);
		expect(got.summarising.completedInPeriod).toBeGreaterThan(0);
		expect(got.filing.filed).toBeGreaterThan(0);
	}, 120_000);
});
