import type {
	AttendanceWeek,
	CapacityWeek,
	SpecialtyRow,
	TrendPoint
} from '../contracts/dashboards/breachRisk';

const nf = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

export const whole = (n: number) => nf.format(Math.round(n));
export const percent = (n: number | null) => (n === null ? '–' : `${n.toFixed(1)}%`);

/** "17–18 weeks", "0–1 weeks", "over 104 weeks" for a national week band. */
export function weekLabel(week: number): string {
	return week >= 105 ? 'over 104 weeks' : `${week - 1}–${week} weeks`;
}

export type LongWaitBand = '52-65' | '65-78' | '78-104' | '104+';

export interface LongWaitRow {
	specialty: string;
	name: string;
	/** The PTL's wait-band filter value for the drill-down. */
	band: LongWaitBand;
	count: number;
}

/** Over-52 counts split into the PTL's long-wait bands (the thresholds nest: over 65 ⊂ over 52). */
export function longWaitRows(rows: readonly SpecialtyRow[]): LongWaitRow[] {
	return rows.flatMap((r) =>
		(
			[
				['52-65', r.over52 - r.over65],
				['65-78', r.over65 - r.over78],
				['78-104', r.over78 - r.over104],
				['104+', r.over104]
			] as const
		).map(([band, count]) => ({ specialty: r.specialty, name: r.name, band, count }))
	);
}

export interface TrendRow {
	census: string;
	series: 'Over 52' | 'Over 65' | 'Over 78' | 'Over 104';
	count: number;
}

export function trendRows(points: readonly TrendPoint[]): TrendRow[] {
	return points.flatMap((p) => [
		{ census: p.census, series: 'Over 52' as const, count: p.over52 },
		{ census: p.census, series: 'Over 65' as const, count: p.over65 },
		{ census: p.census, series: 'Over 78' as const, count: p.over78 },
		{ census: p.census, series: 'Over 104' as const, count: p.over104 }
	]);
}

export interface CapacityRow {
	weekStart: string;
	series: 'Booked' | 'Planned on boards';
	pct: number;
}

/** Booked and planned minutes as stacked shares of each week's bookable minutes. */
export function capacityRows(weeks: readonly CapacityWeek[]): CapacityRow[] {
	return weeks
		.filter((w) => w.bookableMinutes > 0)
		.flatMap((w) => [
			{
				weekStart: w.weekStart,
				series: 'Booked' as const,
				pct: (100 * w.bookedMinutes) / w.bookableMinutes
			},
			{
				weekStart: w.weekStart,
				series: 'Planned on boards' as const,
				pct: (100 * w.plannedMinutes) / w.bookableMinutes
			}
		]);
}

/** How appointments ended, in the order the attendance chart stacks them. */
export const ATTENDANCE_SERIES = [
	'Attended',
	'Not seen (DNA or too late)',
	'Cancelled by the patient',
	'Cancelled by the hospital'
] as const;
export type AttendanceSeries = (typeof ATTENDANCE_SERIES)[number];

export interface AttendanceRow {
	weekStart: string;
	series: AttendanceSeries;
	count: number;
}

/** Each week's appointments as stacked counts by how they ended. */
export function attendanceRows(weeks: readonly AttendanceWeek[]): AttendanceRow[] {
	return weeks.flatMap((w) =>
		(
			[
				[ATTENDANCE_SERIES[0], w.attended],
				[ATTENDANCE_SERIES[1], w.notSeen],
				[ATTENDANCE_SERIES[2], w.cancelledByPatient],
				[ATTENDANCE_SERIES[3], w.cancelledByHospital]
			] as const
		).map(([series, count]) => ({ weekStart: w.weekStart, series, count }))
	);
}
