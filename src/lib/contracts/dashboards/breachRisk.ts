/**
 * The breach-risk dashboard's figures as they travel from server to page (and, reduced to the
 * panels it shows, to an office display). Aggregates only: nothing here identifies a patient.
 */
import type { ListType } from '../../../../db/schema';
import type { AttendanceCounts, CancelledBy } from '../../domain/attendance';

export interface DashboardFilters {
	/** Treatment function codes; empty means every specialty. */
	specialty: string[];
	listType: ListType | null;
	siteId: number | null;
}

export interface BreachTiles {
	total: number;
	within18: number;
	/** Null when nobody is waiting. */
	within18Pct: number | null;
	over52: number;
	over65: number;
	over78: number;
	over104: number;
	/** Past their P-code due date (P1a–P3) and not yet treated. */
	pcodeOverdue: number;
	/** No live booking. */
	unbooked: number;
	/** No live booking and cross 18 weeks within the next 4 weeks. */
	breachSoonUnbooked: number;
}

/** Allocations on planning boards that no confirm has booked yet. */
export interface PlannedOnBoards {
	patients: number;
	/** Of them, patients with no live booking: the plan would book them. */
	unbooked: number;
}

/** Patients by national week band: `week` is the band's upper bound (1 = 0–1 weeks); 105 = over 104. */
export interface WeekCount {
	week: number;
	count: number;
}

export interface SpecialtyRow extends BreachTiles {
	specialty: string;
	name: string;
}

export interface ProjectionWeek {
	/** The Monday the projected week starts. */
	weekStart: string;
	waiting: number;
	within18Pct: number | null;
	/** Patients projected to pass 18 weeks during the week while still waiting. */
	newBreaches: number;
	/** Removed from the list: booked appointments that week plus free capacity used in turn. */
	treated: number;
	/** Removed other than by treatment beyond the booked horizon (the calibrated model's reneges). */
	reneged: number;
	referrals: number;
}

export interface Projection {
	/** How the projection is made, in words the chart shows beside it. */
	method: string;
	referralsPerWeek: number;
	weeks: ProjectionWeek[];
}

export interface TrendPoint {
	census: string;
	total: number;
	within18Pct: number | null;
	over52: number;
	over65: number;
	over78: number;
	over104: number;
	pcodeOverdue: number;
}

export interface CapacityWeek {
	weekStart: string;
	bookableMinutes: number;
	bookedMinutes: number;
	utilisationPct: number | null;
	/** Minutes allocated on planning boards and not yet confirmed. */
	plannedMinutes: number;
}

/** Appointments due in one past week (by the session's date), by how they ended. */
export interface AttendanceWeek extends AttendanceCounts {
	weekStart: string;
	/** Cancelled before who cancelled was recorded (bookings older than the codes). */
	cancelledUnrecorded: number;
	/** Not seen over those due (domain/attendance.ts `dnaRate`), as a percentage. */
	dnaRatePct: number | null;
}

/** Cancellations of the same weeks by who made them and why. */
export interface CancellationCount {
	by: CancelledBy;
	reason: string;
	label: string;
	count: number;
}

export interface AttendanceFigures {
	weeks: AttendanceWeek[];
	reasons: CancellationCount[];
}

export interface BreachRiskDashboard {
	census: string;
	generatedAt: string;
	filters: DashboardFilters;
	tiles: BreachTiles;
	planned: PlannedOnBoards;
	distribution: WeekCount[];
	bySpecialty: SpecialtyRow[];
	projection: Projection;
	trend: TrendPoint[];
	capacity: CapacityWeek[];
	attendance: AttendanceFigures;
}

/** Filters as a query string: the API's, the page's and the drill-down's share these keys. */
export function dashboardQuery(filters: DashboardFilters): string {
	const params = new URLSearchParams();
	if (filters.specialty.length) params.set('specialty', filters.specialty.join(','));
	if (filters.listType) params.set('listType', filters.listType);
	if (filters.siteId !== null) params.set('site', String(filters.siteId));
	return params.toString();
}
