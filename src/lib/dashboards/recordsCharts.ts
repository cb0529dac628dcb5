/**
 * The records dashboard's charts as Observable Plot options, one builder per chart, each taking
 * the rows its table shows. Colours come from the Okabe–Ito palette and are never the only cue:
 * every series also has a symbol or a direct label, and every chart has its table. No chart
 * colours a figure good or bad: records targets are local settings (DOMAIN.md), not ours to pick.
 */
import * as Plot from '@observablehq/plot';
import { PALETTE, SERIES } from './palette';
import {
	AGE_BANDS,
	type AvailabilityByLocation,
	type AvailabilityBySpecialty,
	type AvailabilityWeek,
	type FilingWeek,
	type MissingWeek,
	type OutstandingByLocation,
	type SummariserWeek,
	type TurnaroundRow
} from '../contracts/dashboards/records';

/** A Monday as a date Plot can place on a time axis (UTC midnight, so no zone shifts it). */
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

const percentAxis = { label: '%', domain: [0, 100], grid: true } as const;
const AVAILABLE_AXIS = '% available by clinic start';

/** A place as the charts name it: "Outpatients A (KGH)", or the location alone without a site. */
const placeLabel = (r: { location: string; site: string }) =>
	r.site ? `${r.location} (${r.site})` : r.location;

/** A weekly percentage as a line with a marker per week (weeks with nothing to measure left out). */
function weeklyRatePlot(
	points: { weekStart: string; pct: number | null; of: number }[],
	colour: string,
	symbol: string,
	yLabel: string
) {
	const data = points
		.filter((p) => p.pct !== null)
		.map((p) => ({ week: day(p.weekStart), pct: p.pct, of: p.of }));
	return (width: number): Plot.PlotOptions => ({
		width,
		height: 260,
		marginLeft: 48,
		x: { type: 'utc', label: 'Week starting' },
		y: { ...percentAxis, label: yLabel },
		marks: [
			Plot.ruleY([0]),
			Plot.lineY(data, { x: 'week', y: 'pct', stroke: colour, strokeWidth: 2 }),
			Plot.dot(data, {
				x: 'week',
				y: 'pct',
				fill: colour,
				symbol,
				r: 3.5,
				tip: true,
				title: (d: (typeof data)[number]) => `${d.pct}% of ${d.of}`
			})
		]
	});
}

export function availabilityTrendPlot(rows: readonly AvailabilityWeek[]) {
	return weeklyRatePlot(
		rows.map((r) => ({ weekStart: r.weekStart, pct: r.ratePct, of: r.required })),
		PALETTE.blue,
		'circle',
		AVAILABLE_AXIS
	);
}

/** A horizontal bar per category (a specialty, a location, an urgency): its rate, labelled. */
function rateBarsPlot<T>(
	rows: readonly T[],
	label: (row: T) => string,
	rate: (row: T) => number | null,
	axis: string
) {
	const data = rows.map((r) => ({ label: label(r), ratePct: rate(r) }));
	return (width: number): Plot.PlotOptions => ({
		width,
		height: Math.max(120, 28 * data.length + 40),
		marginLeft: Math.min(260, 8 + 7 * Math.max(...data.map((d) => d.label.length), 4)),
		x: { ...percentAxis, label: axis },
		y: { label: null, domain: data.map((d) => d.label) },
		marks: [
			Plot.barX(data, {
				x: (d: (typeof data)[number]) => d.ratePct ?? 0,
				y: 'label',
				fill: PALETTE.blue,
				tip: true
			}),
			Plot.text(data, {
				x: (d: (typeof data)[number]) => d.ratePct ?? 0,
				y: 'label',
				text: (d: (typeof data)[number]) => (d.ratePct === null ? 'none' : `${d.ratePct}%`),
				textAnchor: 'end',
				dx: -4,
				fill: 'white',
				stroke: PALETTE.black,
				strokeWidth: 2,
				paintOrder: 'stroke'
			}),
			Plot.ruleX([0])
		]
	});
}

export function availabilityBySpecialtyPlot(rows: readonly AvailabilityBySpecialty[]) {
	return rateBarsPlot(
		rows,
		(r) => r.name,
		(r) => r.ratePct,
		AVAILABLE_AXIS
	);
}

export function availabilityByLocationPlot(rows: readonly AvailabilityByLocation[]) {
	return rateBarsPlot(rows, placeLabel, (r) => r.ratePct, AVAILABLE_AXIS);
}

export function turnaroundPlot(rows: readonly TurnaroundRow[]) {
	return rateBarsPlot(
		rows,
		(r) => `${r.urgency} (${r.sla})`,
		(r) => r.withinSlaPct,
		'% delivered within SLA'
	);
}

/** Outstanding requests stacked by age band, one bar per place. */
export function outstandingPlot(rows: readonly OutstandingByLocation[]) {
	const data = rows.flatMap((r) =>
		AGE_BANDS.map((b, order) => ({ place: placeLabel(r), band: b.label, order, count: r[b.key] }))
	);
	return (width: number): Plot.PlotOptions => ({
		width,
		height: Math.max(140, 26 * rows.length + 70),
		marginLeft: Math.min(280, 8 + 7 * Math.max(...rows.map((r) => placeLabel(r).length), 4)),
		x: { label: 'Open requests', grid: true },
		y: { label: null, domain: rows.map(placeLabel) },
		color: {
			legend: true,
			domain: AGE_BANDS.map((b) => b.label),
			range: [PALETTE.skyBlue, PALETTE.blue, PALETTE.orange, PALETTE.vermillion, PALETTE.black]
		},
		marks: [
			Plot.barX(data, {
				x: 'count',
				y: 'place',
				fill: 'band',
				order: (d: (typeof data)[number]) => d.order,
				tip: true
			}),
			Plot.ruleX([0])
		]
	});
}

const SYMBOLS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star', 'wye', 'times'];

/** Several weekly counts as lines, told apart by colour and by symbol. */
function weeklyLines(
	data: { week: Date; series: string; count: number }[],
	series: string[],
	yLabel: string
) {
	return (width: number): Plot.PlotOptions => ({
		width,
		height: 260,
		marginLeft: 48,
		x: { type: 'utc', label: 'Week starting' },
		y: { label: yLabel, grid: true, zero: true },
		// one legend: Plot draws the symbols in their series' colours
		color: { domain: series, range: SERIES.slice(0, series.length) },
		symbol: { legend: true, domain: series, range: SYMBOLS.slice(0, series.length) },
		marks: [
			Plot.ruleY([0]),
			Plot.lineY(data, { x: 'week', y: 'count', stroke: 'series', strokeWidth: 2 }),
			Plot.dot(data, {
				x: 'week',
				y: 'count',
				stroke: 'series',
				symbol: 'series',
				fill: 'white',
				tip: true
			})
		]
	});
}

export function missingPlot(rows: readonly MissingWeek[]) {
	const series = ['Flagged missing', 'Temporary notes made', 'Merged'];
	const data = rows.flatMap((r) => [
		{ week: day(r.weekStart), series: series[0], count: r.missing },
		{ week: day(r.weekStart), series: series[1], count: r.temporary },
		{ week: day(r.weekStart), series: series[2], count: r.merged }
	]);
	return weeklyLines(data, series, 'Requests');
}

export function filingPlot(rows: readonly FilingWeek[], targetHours: number) {
	return weeklyRatePlot(
		rows.map((r) => ({ weekStart: r.weekStart, pct: r.withinTargetPct, of: r.filed })),
		PALETTE.green,
		'square',
		`% filed within ${targetHours} h`
	);
}

export function summarisingPlot(rows: readonly SummariserWeek[]) {
	const series = [...new Set(rows.map((r) => r.summariser))];
	const data = rows.map((r) => ({
		week: day(r.weekStart),
		series: r.summariser,
		count: r.completed
	}));
	return weeklyLines(data, series, 'Summaries completed');
}
