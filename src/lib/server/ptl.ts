import { and, asc, count, eq, inArray, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { z } from 'zod';
import { describeIssue, idSchema, nonEmptyParams, oneOf, parseInput, wholeNumber } from './input';
import type { Database } from '../../../db';
import {
	bookings,
	clinicians,
	LIST_TYPES,
	offers,
	pathways,
	patients,
	sessions,
	specialties
} from '../../../db/schema';
import {
	clockFacts,
	maskNhsNumber,
	PRIORITIES,
	RTT_STANDARD_DAYS,
	THRESHOLD_WEEKS,
	validationDueDate,
	type Priority
} from '../domain/rtt';
import {
	breachSoonSql,
	clockRunningSql,
	priorityDueSql,
	priorityRankSql,
	validationDueSql,
	waitedAtMostSql,
	waitedMoreThanSql,
	within18WeeksSql
} from './rttSql';
import { DECLINED_OFFERS_FOR_REVIEW } from '../domain/offers';
import { ageOn, parsePatientSearch, patientName } from '../domain/patient';
import {
	PTL_DEFAULT_PAGE_SIZE,
	PTL_PAGE_SIZES,
	PTL_SORTS,
	SORT_DIRECTIONS,
	type PtlSort,
	type SortDirection
} from '../contracts/ptl';

/**
 * Week-band filter groups, as the PTL meeting talks about them: between the national thresholds
 * (THRESHOLD_WEEKS), bounds in weeks waited.
 */
export const WAIT_BANDS = {
	'0-18': { label: 'Up to 18 weeks', over: null, upTo: 18 },
	'18-52': { label: '18 to 52 weeks', over: 18, upTo: 52 },
	'52-65': { label: '52 to 65 weeks', over: 52, upTo: 65 },
	'65-78': { label: '65 to 78 weeks', over: 65, upTo: 78 },
	'78-104': { label: '78 to 104 weeks', over: 78, upTo: 104 },
	'104+': { label: 'Over 104 weeks', over: 104, upTo: null }
} as const satisfies Record<
	string,
	{
		label: string;
		over: (typeof THRESHOLD_WEEKS)[number] | null;
		upTo: (typeof THRESHOLD_WEEKS)[number] | null;
	}
>;
export type WaitBand = keyof typeof WAIT_BANDS;

const multi = <T extends readonly [string, ...string[]]>(values: T) =>
	z
		.string()
		.transform((s) => s.split(',').filter(Boolean))
		.pipe(z.array(z.enum(values)));

/** The PTL's filters, shared by the page and `GET /api/pathways`; unknown keys are an error. */
export const ptlFiltersSchema = z
	.object({
		specialty: z
			.string()
			.regex(
				/^(\d{3}|X0[2-6])(,(\d{3}|X0[2-6]))*$/,
				'treatment function codes such as 120 or 110,130'
			)
			.transform((s) => s.split(','))
			.optional(),
		listType: z.enum(LIST_TYPES).optional(),
		priority: multi([...PRIORITIES, 'none']).optional(),
		band: z.enum(Object.keys(WAIT_BANDS) as [WaitBand, ...WaitBand[]]).optional(),
		rtt: z.enum(['within', 'past']).optional(),
		booked: z.enum(['booked', 'unbooked']).optional(),
		// two declined reasonable offers: for clinical review (DOMAIN.md)
		review: z.literal('offers').optional(),
		// Drill-down from the dashboards: one national week band (upper bound; 105 = over 104
		// weeks), over a long-wait threshold, a site, P-code overdue, or unbooked and breaching soon.
		weeks: wholeNumber(1, 105).optional(),
		over: wholeNumber(1, 104)
			.refine(
				(w) => (THRESHOLD_WEEKS as readonly number[]).includes(w),
				`one of ${THRESHOLD_WEEKS.join(', ')}`
			)
			.optional(),
		site: idSchema.optional(),
		overdue: z.literal('pcode').optional(),
		breach: z.literal('soon').optional(),
		// what the search box accepts is read in one place (parsePatientSearch); a typed date that
		// is no date is refused here, naming it, rather than finding nobody
		q: z
			.string()
			.trim()
			.max(100)
			.superRefine((q, ctx) => {
				const search = parsePatientSearch(q);
				if (search.kind === 'invalid') ctx.addIssue({ code: 'custom', message: search.message });
			})
			.optional(),
		sort: z.enum(PTL_SORTS).default('priority'),
		dir: z.enum(SORT_DIRECTIONS).default('asc'),
		page: wholeNumber(1, 1_000_000).default(1),
		pageSize: oneOf(PTL_PAGE_SIZES).default(PTL_DEFAULT_PAGE_SIZE)
	})
	.strict();

export type PtlFilters = z.infer<typeof ptlFiltersSchema>;

/** The ORDER BY of a sort: its column in `dir`, then treat in turn, then the id (a stable order). */
function orderOf(sort: PtlSort, dir: SortDirection): SQL[] {
	const way = sql.raw(dir);
	const by = (column: SQLWrapper) => sql`${column} ${way}`;
	const emptyLast = (column: SQLWrapper) => sql`${column} ${way} nulls last`;
	const inTurn = [asc(priorityRank), asc(pathways.clockStart)];
	const keys: Record<PtlSort, SQL[]> = {
		priority: [by(priorityRank), by(pathways.clockStart)],
		wait: [by(pathways.clockStart)],
		deadline: [by(pathways.clockStart), by(priorityRank)],
		name: [by(patients.familyName), by(patients.givenName)],
		specialty: [by(pathways.specialtyCode), ...inTurn],
		procedure: [emptyLast(sql`lower(nullif(btrim(${pathways.procedure}), ''))`), ...inTurn],
		validation: [
			emptyLast(validationDueSql(pathways.clockStart, pathways.lastValidatedOn)),
			...inTurn
		],
		booked: [emptyLast(sessions.date), ...inTurn]
	};
	return [...keys[sort], asc(pathways.id)];
}

/**
 * What the search box finds (read by parsePatientSearch): a whole NHS number or its last 4
 * digits; a hospital number; a date of birth; a name as the list shows it, "SURNAME, Forename"
 * (the given name's start is enough); else the start of a surname or any part of a procedure.
 * Typed % and _ are themselves, not wildcards. The identifiers and the date of birth each have
 * an index (db/schema/patients.ts).
 */
function searchSql(q: string): SQL {
	const search = parsePatientSearch(q);
	switch (search.kind) {
		case 'nhs-number':
			return eq(patients.nhsNumber, search.nhsNumber);
		case 'nhs-last-4':
			return sql`right(${patients.nhsNumber}, 4) = ${search.digits}`;
		case 'hospital-number':
			return eq(patients.hospitalNumber, search.hospitalNumber);
		case 'date-of-birth':
			return eq(patients.dateOfBirth, search.dateOfBirth);
		case 'name':
			return sql`(${patients.familyName} ilike ${literal(search.family)} and ${patients.givenName} ilike ${literal(search.givenStart) + '%'})`;
		case 'text':
			return sql`(${patients.familyName} ilike ${literal(search.text) + '%'} or ${pathways.procedure} ilike ${'%' + literal(search.text) + '%'})`;
		case 'invalid':
			// ptlFiltersSchema refuses these before a query is built
			throw new Error(search.message);
	}
}

/** Text for LIKE that matches itself: its wildcards and the escape character escaped. */
function literal(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Parses URL search parameters into filters; a bad value is a 400 AppError naming it. */
export function parsePtlFilters(params: URLSearchParams): PtlFilters {
	return parseInput(ptlFiltersSchema, nonEmptyParams(params), 'filter');
}

/** The longest view a link may carry (a saved view's `search`, src/lib/server/ptlViews.ts). */
export const PTL_VIEW_SEARCH_MAX = 1000;

/**
 * A view of the PTL as its link's query string: the filters, sort and page size of `params`,
 * checked as the page checks them, less the page number and empty fields (what a saved view
 * keeps). A bad or unknown field is a 400 AppError naming it.
 */
export function ptlViewSearch(params: URLSearchParams): string {
	parsePtlFilters(params);
	const { page: _page, ...view } = nonEmptyParams(params);
	return new URLSearchParams(view).toString();
}

/**
 * The PTL page's list for its URL: the page shows a bad filter beside the filters rather than
 * as an error page, so the refusal comes back as `filterError`.
 */
export async function ptlPage(
	db: Database,
	params: URLSearchParams,
	census: string
): Promise<{ ptl: PtlPage; filterError: null } | { ptl: null; filterError: string }> {
	const filters = ptlFiltersSchema.safeParse(nonEmptyParams(params));
	if (!filters.success) return { ptl: null, filterError: describeIssue(filters.error, 'filter') };
	return { ptl: await queryPtl(db, filters.data, census), filterError: null };
}

export interface PtlItem {
	id: number;
	patientId: number;
	nhsNumberMasked: string;
	name: string;
	/** Told apart from others of the same name by these, never by revealing the NHS number. */
	dateOfBirth: string;
	/** Whole years on the census date. */
	age: number;
	hospitalNumber: string | null;
	specialty: string;
	specialtyName: string;
	listType: string;
	procedure: string | null;
	priority: Priority | null;
	decisionDate: string | null;
	priorityDue: string | null;
	priorityOverdue: boolean;
	clockStart: string;
	daysWaited: number;
	weekBand: number;
	rttDeadline: string;
	validationDue: string | null;
	clinician: string | null;
	bookedDate: string | null;
	bookedSessionId: number | null;
	/** The live booking, for moving or cancelling it. */
	bookingId: number | null;
	/** Two declined reasonable offers: for a clinician's review (DOMAIN.md), never acted on here. */
	clinicalReview: boolean;
}

export interface PtlPage {
	total: number;
	page: number;
	pageSize: number;
	censusDate: string;
	items: PtlItem[];
}

const priorityRank = priorityRankSql(pathways.priority);

/** The pathway's declined reasonable offers call for clinical review (domain/offers.ts). */
const clinicalReviewSql = sql`(select count(*) from ${offers} where ${offers.pathwayId} = ${pathways.id} and ${offers.outcome} = 'declined' and ${offers.reasonable}) >= ${DECLINED_OFFERS_FOR_REVIEW}`;

/**
 * The PTL for `filters` on `census`: one page of it, or with `whole` every row the filters match
 * (an export), in the same order.
 */
export async function queryPtl(
	db: Database,
	filters: PtlFilters,
	census: string,
	{ whole = false }: { whole?: boolean } = {}
): Promise<PtlPage> {
	const atMost = (days: number) => waitedAtMostSql(pathways.clockStart, days, census);
	const moreThan = (days: number) => waitedMoreThanSql(pathways.clockStart, days, census);
	const live = and(eq(bookings.pathwayId, pathways.id), eq(bookings.status, 'booked'));

	const where: SQL[] = [clockRunningSql(pathways.rttStatus)];
	if (filters.specialty) where.push(inArray(pathways.specialtyCode, filters.specialty));
	if (filters.listType) where.push(eq(pathways.listType, filters.listType));
	if (filters.priority?.length) {
		const codes = filters.priority.filter((p): p is Priority => p !== 'none');
		const parts: SQL[] = [];
		if (codes.length) parts.push(inArray(pathways.priority, codes));
		if (filters.priority.includes('none')) parts.push(isNull(pathways.priority));
		where.push(parts.length === 1 ? parts[0] : sql`(${sql.join(parts, sql` or `)})`);
	}
	if (filters.band) {
		const { over, upTo } = WAIT_BANDS[filters.band];
		if (over !== null) where.push(moreThan(7 * over));
		if (upTo !== null) where.push(atMost(7 * upTo));
	}
	if (filters.weeks !== undefined) {
		// band N holds days 7(N−1)+1 … 7N (band 1 also day 0); 105 is everything over 104 weeks
		const n = filters.weeks;
		if (n < 105) where.push(atMost(7 * n));
		if (n > 1) where.push(moreThan(7 * (n - 1)));
	}
	if (filters.over !== undefined) where.push(moreThan(7 * filters.over));
	if (filters.site !== undefined) where.push(eq(pathways.siteId, filters.site));
	if (filters.overdue === 'pcode') {
		// as the PTL's own flag: due before the census date and not booked on or before the due date
		const due = priorityDueSql(sql`${pathways.decisionDate}`, sql`${pathways.priority}`);
		where.push(
			sql`${due} < ${census}::date and not exists (select 1 from ${bookings} join ${sessions} on ${sessions.id} = ${bookings.sessionId} where ${live} and ${sessions.date} <= ${due})`
		);
	}
	if (filters.breach === 'soon') {
		// unbooked and crossing 18 weeks within the next 4 weeks, as the dashboard's tile
		where.push(breachSoonSql(pathways.clockStart, census));
		where.push(sql`not exists (select 1 from ${bookings} where ${live})`);
	}
	if (filters.rtt === 'within') where.push(within18WeeksSql(pathways.clockStart, census));
	if (filters.rtt === 'past') where.push(moreThan(RTT_STANDARD_DAYS));
	if (filters.booked) {
		const exists = sql`exists (select 1 from ${bookings} where ${live})`;
		where.push(filters.booked === 'booked' ? exists : sql`not ${exists}`);
	}
	if (filters.review === 'offers') where.push(clinicalReviewSql);
	if (filters.q) where.push(searchSql(filters.q));
	const condition = and(...where);

	const order = orderOf(filters.sort, filters.dir);

	const query = db
		.select({
			id: pathways.id,
			patientId: patients.id,
			nhsNumber: patients.nhsNumber,
			givenName: patients.givenName,
			familyName: patients.familyName,
			dateOfBirth: patients.dateOfBirth,
			hospitalNumber: patients.hospitalNumber,
			specialty: pathways.specialtyCode,
			specialtyName: specialties.name,
			listType: pathways.listType,
			procedure: pathways.procedure,
			priority: pathways.priority,
			decisionDate: pathways.decisionDate,
			clockStart: pathways.clockStart,
			lastValidatedOn: pathways.lastValidatedOn,
			clinician: clinicians.name,
			bookedDate: sessions.date,
			bookedSessionId: sessions.id,
			bookingId: bookings.id,
			clinicalReview: sql<boolean>`${clinicalReviewSql}`
		})
		.from(pathways)
		.innerJoin(patients, eq(patients.id, pathways.patientId))
		.innerJoin(specialties, eq(specialties.code, pathways.specialtyCode))
		.leftJoin(clinicians, eq(clinicians.id, pathways.clinicianId))
		.leftJoin(bookings, live)
		.leftJoin(sessions, eq(sessions.id, bookings.sessionId))
		.where(condition)
		.orderBy(...order);
	let rows: Awaited<typeof query>;
	let total: number;
	if (whole) {
		rows = await query;
		total = rows.length; // every row is here: no count to ask for
	} else {
		rows = await query.limit(filters.pageSize).offset((filters.page - 1) * filters.pageSize);
		[{ total }] = await db
			.select({ total: count() })
			.from(pathways)
			.innerJoin(patients, eq(patients.id, pathways.patientId))
			.where(condition);
	}

	return {
		total,
		page: filters.page,
		pageSize: filters.pageSize,
		censusDate: census,
		items: rows.map((r) => toItem(r, census))
	};
}

function toItem(
	r: {
		id: number;
		patientId: number;
		nhsNumber: string;
		givenName: string;
		familyName: string;
		dateOfBirth: string;
		hospitalNumber: string | null;
		specialty: string;
		specialtyName: string;
		listType: string;
		procedure: string | null;
		priority: Priority | null;
		decisionDate: string | null;
		clockStart: string;
		lastValidatedOn: string | null;
		clinician: string | null;
		bookedDate: string | null;
		bookedSessionId: number | null;
		bookingId: number | null;
		clinicalReview: boolean;
	},
	census: string
): PtlItem {
	const facts = clockFacts(r.clockStart, r.priority, r.decisionDate, census);
	const due = facts.priorityDue;
	return {
		id: r.id,
		patientId: r.patientId,
		nhsNumberMasked: maskNhsNumber(r.nhsNumber),
		name: patientName(r),
		dateOfBirth: r.dateOfBirth,
		age: ageOn(r.dateOfBirth, census),
		hospitalNumber: r.hospitalNumber,
		specialty: r.specialty,
		specialtyName: r.specialtyName,
		listType: r.listType,
		procedure: r.procedure,
		priority: r.priority,
		decisionDate: r.decisionDate,
		priorityDue: due,
		priorityOverdue: due !== null && due < census && !(r.bookedDate && r.bookedDate <= due),
		clockStart: r.clockStart,
		daysWaited: facts.daysWaited,
		weekBand: facts.weekBand,
		rttDeadline: facts.rttDeadline,
		validationDue: validationDueDate(r.clockStart, r.lastValidatedOn),
		clinician: r.clinician,
		bookedDate: r.bookedDate,
		bookedSessionId: r.bookedSessionId,
		bookingId: r.bookingId,
		clinicalReview: Boolean(r.clinicalReview)
	};
}
