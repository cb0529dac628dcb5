/**
 * The office display's panels, built from the staff dashboards' figures by naming every field
 * that goes on the wire (never by spreading a staff object), so a field added to a dashboard
 * later cannot reach the office TV by accident. The result is checked against the strict wire
 * schema before it is sent.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../../../db';
import { DISPLAY_PANELS, specialties, type DisplayPanel } from '../../../../db/schema';
import type { BreachRiskDashboard } from '../../contracts/dashboards/breachRisk';
import { BREACH_SOON_DAYS, RTT_STANDARD_PCT } from '../../domain/rtt';
import {
	PERIOD_WEEKS,
	recordsDisplayPanels,
	type Availability,
	type RecordsDisplayPanels
} from '../../contracts/dashboards/records';
import {
	displayDataSchema,
	type DisplayBar,
	type DisplayData,
	type DisplayFigure,
	type DisplayPanelData,
	type DisplayTone
} from '../../contracts/realtime/display';
import { cachedBreachRisk } from '../dashboards/breachRisk';
import { cachedRecordsDashboard } from '../dashboards/records';
import type { DisplayConfig } from './access';

export const DISPLAY_PANEL_LABELS: Record<DisplayPanel, string> = {
	'breach-tiles': 'RTT headline figures',
	specialties: 'Within 18 weeks by specialty',
	distribution: 'Waits by week band',
	projection: 'Where we are heading',
	'records-availability': 'Case-note availability at clinic',
	'records-outstanding': 'Case-note requests outstanding',
	summarising: 'Summarising backlog'
};

/** Every panel with its label, for the admin's choice of panels. */
export const DISPLAY_PANEL_CHOICES = DISPLAY_PANELS.map((id) => ({
	id,
	label: DISPLAY_PANEL_LABELS[id]
}));

/** Panels drawn from the breach-risk figures, and from the records dashboard. */
export const BREACH_PANELS: readonly DisplayPanel[] = [
	'breach-tiles',
	'specialties',
	'distribution',
	'projection'
];
export const RECORDS_PANELS: readonly DisplayPanel[] = [
	'records-availability',
	'records-outstanding',
	'summarising'
];

/** The most bars a panel shows: more cannot be read across a room. */
const MAX_BARS = 6;
/** Weeks of the projection drawn as bars (the figures cover the whole horizon). */
const PROJECTION_BARS = 4;

const roundPct = (pct: number | null) => (pct === null ? null : Math.round(pct * 10) / 10);

function figure(
	label: string,
	value: number | null,
	tone: DisplayTone = 'neutral',
	note: string | null = null,
	unit: DisplayFigure['unit'] = 'count'
): DisplayFigure {
	return { label, value: unit === 'pct' ? roundPct(value) : value, unit, tone, note };
}

function standardFigure(label: string, pct: number | null): DisplayFigure {
	if (pct === null) return figure(label, null, 'neutral', 'nobody waiting', 'pct');
	const meets = pct >= RTT_STANDARD_PCT;
	return figure(
		label,
		pct,
		meets ? 'good' : 'bad',
		meets ? `meets ${RTT_STANDARD_PCT}% standard` : `below ${RTT_STANDARD_PCT}% standard`,
		'pct'
	);
}

/** Nobody should wait this long: any at all is flagged, in words as well as colour. */
function longWaitFigure(weeks: number, count: number, tone: DisplayTone): DisplayFigure {
	return figure(
		`Over ${weeks} weeks`,
		count,
		count > 0 ? tone : 'good',
		count > 0 ? 'should be none' : 'none'
	);
}

function panel(
	id: DisplayPanel,
	figures: DisplayFigure[],
	bars: DisplayBar[] = [],
	more: { subtitle?: string; barsCaption?: string; barUnit?: DisplayPanelData['barUnit'] } = {}
): DisplayPanelData {
	return {
		panel: id,
		title: DISPLAY_PANEL_LABELS[id],
		subtitle: more.subtitle ?? null,
		figures,
		barsCaption: more.barsCaption ?? null,
		bars: bars.slice(0, MAX_BARS),
		barUnit: more.barUnit ?? 'count'
	};
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "w/c 7 Dec" for an ISO Monday, without passing through a local-time Date. */
function weekCommencing(iso: string): string {
	const [, month, day] = iso.split('-').map(Number);
	return `w/c ${day} ${MONTHS[month - 1]}`;
}

function breachTiles(d: BreachRiskDashboard): DisplayPanelData {
	const t = d.tiles;
	return panel('breach-tiles', [
		standardFigure('Within 18 weeks', t.within18Pct),
		figure('Waiting', t.total),
		longWaitFigure(52, t.over52, 'warn'),
		longWaitFigure(65, t.over65, 'warn'),
		longWaitFigure(78, t.over78, 'bad'),
		longWaitFigure(104, t.over104, 'bad'),
		figure(
			'Past P-code date',
			t.pcodeOverdue,
			t.pcodeOverdue > 0 ? 'bad' : 'good',
			t.pcodeOverdue > 0 ? 'clinical harm review' : 'none'
		),
		figure(
			`Breach within ${BREACH_SOON_DAYS / 7} weeks, no date`,
			t.breachSoonUnbooked,
			t.breachSoonUnbooked > 0 ? 'warn' : 'good',
			t.breachSoonUnbooked > 0 ? 'book in turn' : 'none'
		)
	]);
}

function bySpecialty(d: BreachRiskDashboard): DisplayPanelData {
	const rows = d.bySpecialty
		.filter((r) => r.within18Pct !== null)
		.map((r) => ({ name: r.name, pct: r.within18Pct as number }))
		.sort((a, b) => a.pct - b.pct || a.name.localeCompare(b.name));
	const below = rows.filter((r) => r.pct < RTT_STANDARD_PCT).length;
	return panel(
		'specialties',
		[
			standardFigure('Trust-wide', d.tiles.within18Pct),
			figure(
				'Specialties below standard',
				below,
				below > 0 ? 'bad' : 'good',
				`of ${rows.length} with patients waiting`
			)
		],
		rows.map((r) => ({
			label: r.name,
			value: roundPct(r.pct) as number,
			tone: r.pct >= RTT_STANDARD_PCT ? 'good' : 'bad'
		})),
		{
			barsCaption:
				rows.length > MAX_BARS ? `The ${MAX_BARS} furthest below the standard` : undefined,
			barUnit: 'pct'
		}
	);
}

/** National week bands (upper bound in weeks; 105 = over 104) grouped as the long-waiter thresholds. */
const BANDS: { label: string; upTo: number; tone: DisplayTone }[] = [
	{ label: '0–18 weeks', upTo: 18, tone: 'good' },
	{ label: '18–52 weeks', upTo: 52, tone: 'neutral' },
	{ label: '52–65 weeks', upTo: 65, tone: 'warn' },
	{ label: '65–78 weeks', upTo: 78, tone: 'bad' },
	{ label: '78–104 weeks', upTo: 104, tone: 'bad' },
	{ label: 'Over 104 weeks', upTo: Infinity, tone: 'bad' }
];

function distribution(d: BreachRiskDashboard): DisplayPanelData {
	const counts = BANDS.map(() => 0);
	for (const { week, count } of d.distribution) {
		counts[BANDS.findIndex((b) => week <= b.upTo)] += count;
	}
	return panel(
		'distribution',
		[figure('Waiting', d.tiles.total), standardFigure('Within 18 weeks', d.tiles.within18Pct)],
		BANDS.map((b, i) => ({ label: b.label, value: counts[i], tone: b.tone }))
	);
}

function projection(d: BreachRiskDashboard): DisplayPanelData {
	const weeks = d.projection.weeks;
	const last = weeks.at(-1);
	const newBreaches = weeks.reduce((n, w) => n + w.newBreaches, 0);
	return panel(
		'projection',
		[
			standardFigure('Within 18 weeks', d.tiles.within18Pct),
			standardFigure(`In ${weeks.length} weeks`, last ? last.within18Pct : null),
			figure(
				'New breaches',
				newBreaches,
				newBreaches > 0 ? 'warn' : 'good',
				`next ${weeks.length} weeks`
			),
			figure(
				`Waiting in ${weeks.length} weeks`,
				last ? Math.round(last.waiting) : null,
				'neutral',
				`${Math.round(d.tiles.total).toLocaleString('en-GB')} now`
			)
		],
		weeks.slice(0, PROJECTION_BARS).map((w) => ({
			label: weekCommencing(w.weekStart),
			value: w.newBreaches,
			tone: w.newBreaches > 0 ? 'warn' : 'good'
		})),
		{
			// The method is on the breach-risk dashboard: too long to read across a room.
			subtitle:
				'From today’s list, booked sessions and the model of recent weeks: a projection, not a promise',
			barsCaption: `New breaches by week, next ${Math.min(PROJECTION_BARS, weeks.length)} weeks`
		}
	);
}

/** Share of clinic notes there by the clinic's start; there is no national target, so no tone. */
function availabilityFigure(label: string, a: Availability): DisplayFigure {
	return figure(
		label,
		a.ratePct,
		'neutral',
		a.required === 0 ? 'no clinics' : `${a.available} of ${a.required} notes`,
		'pct'
	);
}

function recordsAvailability(r: RecordsDisplayPanels): DisplayPanelData {
	return panel('records-availability', [
		availabilityFigure('Today', r.availabilityToday),
		availabilityFigure('This week', r.availabilityThisWeek)
	]);
}

function recordsOutstanding(r: RecordsDisplayPanels): DisplayPanelData {
	return panel(
		'records-outstanding',
		[figure('Outstanding requests', r.outstandingTotal)],
		r.outstandingByAge.map((a) => ({
			label: a.band.charAt(0).toUpperCase() + a.band.slice(1),
			value: a.count,
			tone: 'neutral'
		})),
		{ barsCaption: 'By time since the request was raised' }
	);
}

function summarising(r: RecordsDisplayPanels): DisplayPanelData {
	return panel('summarising', [
		figure('Not yet summarised', r.summarisingBacklog),
		figure('Oldest waiting, days', r.summarisingOldestDays, 'neutral', null)
	]);
}

interface Sources {
	breach: BreachRiskDashboard | null;
	records: RecordsDisplayPanels | null;
}

/** Each panel from the source it reads; null when that source was not fetched. */
const BUILDERS: Record<DisplayPanel, (s: Sources) => DisplayPanelData | null> = {
	'breach-tiles': (s) => s.breach && breachTiles(s.breach),
	specialties: (s) => s.breach && bySpecialty(s.breach),
	distribution: (s) => s.breach && distribution(s.breach),
	projection: (s) => s.breach && projection(s.breach),
	'records-availability': (s) => s.records && recordsAvailability(s.records),
	'records-outstanding': (s) => s.records && recordsOutstanding(s.records),
	summarising: (s) => s.records && summarising(s.records)
};

/** One of the breach-risk panels from the dashboard's figures; null for the records panels. */
export function breachPanel(id: DisplayPanel, d: BreachRiskDashboard): DisplayPanelData | null {
	return BUILDERS[id]({ breach: d, records: null });
}

/** One of the records panels from the records dashboard's display reduction; null for the rest. */
export function recordsPanel(id: DisplayPanel, r: RecordsDisplayPanels): DisplayPanelData | null {
	return BUILDERS[id]({ breach: null, records: r });
}

/** Figures being worked out or worked out, by source and scope; one per change, not per display. */
export type FigureCache = Map<string, Promise<unknown>>;

function cached<T>(cache: FigureCache, key: string, work: () => Promise<T>): Promise<T> {
	let hit = cache.get(key) as Promise<T> | undefined;
	if (!hit) {
		hit = work();
		cache.set(key, hit);
		// A failure is not kept: the next push tries again.
		hit.catch(() => cache.delete(key));
	}
	return hit;
}

/** Everything one display is sent: its chosen panels, in its order, and nothing else. */
export async function displayData(
	db: Database,
	display: DisplayConfig,
	census: string,
	cache: FigureCache = new Map()
): Promise<DisplayData> {
	const scope = display.specialtyCode ?? '*';
	const wants = (panels: readonly DisplayPanel[]) => display.panels.some((p) => panels.includes(p));
	const [breach, records] = await Promise.all([
		wants(BREACH_PANELS)
			? cached(cache, `breach:${census}:${scope}`, () =>
					// the staff dashboard's cache: a display and a manager watching the same scope share one computation
					cachedBreachRisk(
						db,
						{
							specialty: display.specialtyCode ? [display.specialtyCode] : [],
							listType: null,
							siteId: null
						},
						census
					)
				)
			: null,
		// The records service is trust-wide: its panels are the same whatever the specialty.
		wants(RECORDS_PANELS)
			? cached(cache, `records:${census}`, async () =>
					recordsDisplayPanels(
						await cachedRecordsDashboard(db, { siteId: null, weeks: PERIOD_WEEKS.default })
					)
				)
			: null
	]);
	const panels = display.panels.flatMap((p) => {
		const built = BUILDERS[p]({ breach, records });
		if (built && records && RECORDS_PANELS.includes(p) && display.specialtyCode)
			built.subtitle = 'Whole trust: the records service is not split by specialty';
		return built ? [built] : [];
	});
	// Parsed against the strict wire schema: a field nobody whitelisted fails here, not on the TV.
	return displayDataSchema.parse({
		generatedAt: new Date().toISOString(),
		census,
		scope: await scopeName(db, display.specialtyCode),
		panels
	});
}

async function scopeName(db: Database, code: string | null): Promise<string> {
	if (!code) return 'Whole trust';
	const [row] = await db
		.select({ name: specialties.name })
		.from(specialties)
		.where(eq(specialties.code, code));
	return row ? `${row.name} (${code})` : code;
}
