/**
 * NHS England's monthly RTT waiting-times "Full CSV data file", read by its published definitions:
 * one row per provider × commissioner × RTT part × treatment function, 13 descriptive columns, 105
 * week bands (`Gt 00 To 01 Weeks SUM 1` … `Gt 103 To 104 Weeks SUM 1`, then `Gt 104 Weeks SUM 1`)
 * and three totals (121 columns).
 *
 * - A provider's figures are summed over all its commissioners.
 * - `C_999` is the all-specialty total: the provider's own figures come from it and it is never
 *   added to the specialties. `X0x` codes are the "other" groups and are specialties like the rest.
 * - A blank cell is not a zero: a figure whose every cell is blank stays `null`.
 * - Band `Gt n To n+1 Weeks` holds waits of more than n and at most n+1 weeks; within 18 weeks is
 *   the first 18 bands; over 52 weeks is every band from `Gt 52 To 53` on.
 * - The median and 92nd percentile are interpolated linearly within the band that holds them.
 * - The published `Total` of a banded row is checked against the sum of its bands.
 *
 * This module is pure: the file reader (src/lib/server/imports/nationalRttFile.ts) hands it rows.
 */
import { countOver, countWithin, waitQuantile } from './capacity/targets';

/** The 104 one-week bands and the open band over 104 weeks. */
export const BAND_COLUMNS: readonly string[] = [
	...Array.from(
		{ length: 104 },
		(_, n) => `Gt ${String(n).padStart(2, '0')} To ${String(n + 1).padStart(2, '0')} Weeks SUM 1`
	),
	'Gt 104 Weeks SUM 1'
];

export const DESCRIPTIVE_COLUMNS = [
	'Period',
	'Provider Parent Org Code',
	'Provider Parent Name',
	'Provider Org Code',
	'Provider Org Name',
	'Commissioner Parent Org Code',
	'Commissioner Parent Name',
	'Commissioner Org Code',
	'Commissioner Org Name',
	'RTT Part Type',
	'RTT Part Description',
	'Treatment Function Code',
	'Treatment Function Name'
] as const;

export const TOTAL_COLUMNS = [
	'Total',
	'Patients with unknown clock start date',
	'Total All'
] as const;

/** Every column the reader needs, in the published order. */
export const REQUIRED_COLUMNS: readonly string[] = [
	...DESCRIPTIVE_COLUMNS,
	...BAND_COLUMNS,
	...TOTAL_COLUMNS
];

/** The five RTT parts and the name each has in our figures. */
export const RTT_PARTS = {
	Part_1A: 'completedAdmitted',
	Part_1B: 'completedNonAdmitted',
	Part_2: 'incomplete',
	Part_2A: 'incompleteWithDta',
	Part_3: 'newPeriods'
} as const;
export type RttPartType = keyof typeof RTT_PARTS;
export type RttPart = (typeof RTT_PARTS)[RttPartType];

/** The all-specialty total row's treatment function code. */
export const TOTAL_SPECIALTY = 'C_999';

export interface WaitFigures {
	/** Pathways in the part: the published `Total All` (unknown clock starts included). */
	total: number | null;
	within18Weeks: number | null;
	over52Weeks: number | null;
	over65Weeks: number | null;
	over78Weeks: number | null;
	over104Weeks: number | null;
	/** Weeks, interpolated within the band; 104 when the median is in the open band. */
	medianWeeks: number | null;
	p92Weeks: number | null;
}

type BandedPart = Exclude<RttPart, 'newPeriods'>;
export type PartFigures = Record<BandedPart, WaitFigures> & { newPeriods: number | null };

export interface ProviderPeriod extends PartFigures {
	code: string;
	name: string;
	/** `YYYY-MM`. */
	period: string;
	bySpecialty: Record<string, PartFigures>;
}

/** Counts for one provider, period, part and specialty, summed over commissioners. */
export interface Tally {
	/** `null` where every cell summed into the band was blank. */
	bands: (number | null)[];
	total: number | null;
	unknownStart: number | null;
	totalAll: number | null;
}

export interface RttRow {
	/** The line in the file, the header being line 1. */
	line: number;
	cells: Record<string, string>;
}

export interface RowProblem {
	line: number;
	field: string;
	problem: string;
}

export interface Warning {
	line?: number;
	provider?: string;
	period?: string;
	message: string;
}

const MONTHS = [
	'january',
	'february',
	'march',
	'april',
	'may',
	'june',
	'july',
	'august',
	'september',
	'october',
	'november',
	'december'
];

/** `RTT-January-2026` (any case) → `2026-01`; `null` when it is not that shape. */
export function parsePeriod(value: string): string | null {
	const m = /^RTT-([A-Za-z]+)-(\d{4})$/.exec(value.trim());
	if (!m) return null;
	const month = MONTHS.indexOf(m[1].toLowerCase());
	return month < 0 ? null : `${m[2]}-${String(month + 1).padStart(2, '0')}`;
}

/** The columns a header lacks, in the published order. */
export function missingColumns(header: readonly string[]): string[] {
	const have = new Set(header.map((h) => h.trim()));
	return REQUIRED_COLUMNS.filter((c) => !have.has(c));
}

/** A count cell: blank is `null` (not zero); anything but a whole number ≥ 0 is a problem. */
function count(cells: Record<string, string>, field: string, problems: string[]): number | null {
	const raw = (cells[field] ?? '').trim();
	if (raw === '') return null;
	if (!/^\d+$/.test(raw)) {
		problems.push(`${field}: a whole number of pathways or blank, not "${raw}"`);
		return null;
	}
	return Number(raw);
}

function add(a: number | null, b: number | null): number | null {
	return a === null ? b : b === null ? a : a + b;
}

/** A tally with every cell blank. */
export function emptyTally(): Tally {
	return {
		bands: new Array<number | null>(BAND_COLUMNS.length).fill(null),
		total: null,
		unknownStart: null,
		totalAll: null
	};
}

function addTally(into: Tally, from: Tally): void {
	for (let i = 0; i < into.bands.length; i++) into.bands[i] = add(into.bands[i], from.bands[i]);
	into.total = add(into.total, from.total);
	into.unknownStart = add(into.unknownStart, from.unknownStart);
	into.totalAll = add(into.totalAll, from.totalAll);
}

function sumBands(bands: readonly (number | null)[], from: number, to: number): number | null {
	let sum: number | null = null;
	for (let i = from; i < to; i++) sum = add(sum, bands[i]);
	return sum;
}

/** A tally's published figures. */
export function waitFigures(t: Tally): WaitFigures {
	const n = BAND_COLUMNS.length;
	const anyBand = t.bands.some((b) => b !== null);
	const counts = t.bands.map((b) => b ?? 0);
	const over = (weeks: number) => (anyBand ? countOver(counts, weeks) : null);
	return {
		total: t.totalAll ?? t.total ?? (anyBand ? sumBands(t.bands, 0, n) : null),
		within18Weeks: anyBand ? countWithin(counts, 18) : null,
		over52Weeks: over(52),
		over65Weeks: over(65),
		over78Weeks: over(78),
		over104Weeks: anyBand ? counts[n - 1] : null,
		medianWeeks: waitQuantile(counts, 0.5),
		p92Weeks: waitQuantile(counts, 0.92)
	};
}

/** One summed tally: a provider, month, specialty (`C_999` for the total) and part. */
export interface TallyEntry {
	code: string;
	name: string;
	period: string;
	specialty: string;
	part: RttPart;
	tally: Tally;
}

/** Sums tallies (England, or a group of peers) into a new one. */
export function sumTallies(tallies: Iterable<Tally>): Tally {
	const sum = emptyTally();
	for (const t of tallies) addTally(sum, t);
	return sum;
}

/** Figures for each part from that part's tally, where there is one. */
export function partFigures(byPart: ReadonlyMap<RttPart, Tally>): PartFigures {
	const figures = (part: BandedPart) => waitFigures(byPart.get(part) ?? emptyTally());
	const newPeriods = byPart.get('newPeriods');
	return {
		incomplete: figures('incomplete'),
		incompleteWithDta: figures('incompleteWithDta'),
		completedAdmitted: figures('completedAdmitted'),
		completedNonAdmitted: figures('completedNonAdmitted'),
		newPeriods: newPeriods ? (newPeriods.totalAll ?? newPeriods.total) : null
	};
}

/**
 * The treatment functions the national statistics report on their own; every other code is in
 * one of the "other" groups, by its kind of service.
 */
export const REPORTED_SPECIALTIES: Readonly<Record<string, string>> = {
	C_100: 'General Surgery',
	C_101: 'Urology',
	C_110: 'Trauma and Orthopaedic',
	C_120: 'Ear Nose and Throat',
	C_130: 'Ophthalmology',
	C_140: 'Oral Surgery',
	C_150: 'Neurosurgical',
	C_160: 'Plastic Surgery',
	C_170: 'Cardiothoracic Surgery',
	C_300: 'General Internal Medicine',
	C_301: 'Gastroenterology',
	C_320: 'Cardiology',
	C_330: 'Dermatology',
	C_340: 'Respiratory Medicine',
	C_400: 'Neurology',
	C_410: 'Rheumatology',
	C_430: 'Elderly Medicine',
	C_502: 'Gynaecology',
	X02: 'Other - Medical Services',
	X03: 'Other - Mental Health Services',
	X04: 'Other - Paediatric Services',
	X05: 'Other - Surgical Services',
	X06: 'Other - Other Services',
	[TOTAL_SPECIALTY]: 'Total'
};

/**
 * The national statistics' specialty for one of our treatment function codes: its own `C_` code
 * when it is reported alone, else its "other" group by the code's range (1xx surgical, 2xx and
 * paediatric codes paediatric, 3xx–4xx medical, 7xx mental health, the rest other).
 */
export function nationalSpecialty(treatmentFunctionCode: string): string {
	const own = `C_${treatmentFunctionCode}`;
	if (own !== TOTAL_SPECIALTY && Object.hasOwn(REPORTED_SPECIALTIES, own)) return own;
	const code = Number(treatmentFunctionCode);
	if (code === 321 || code === 420 || (code >= 200 && code < 300)) return 'X04';
	if (code >= 100 && code < 200) return 'X05';
	if (code >= 300 && code < 500) return 'X02';
	if (code >= 700 && code < 800) return 'X03';
	return 'X06';
}

interface Key {
	code: string;
	period: string;
}

/**
 * Reads rows one at a time and sums them per provider, period, part and specialty. Rows with a
 * problem are collected, not summed: the caller refuses the whole file when there are any.
 */
export class NationalRttTally {
	readonly problems: RowProblem[] = [];
	readonly warnings: Warning[] = [];
	rows = 0;
	private readonly names = new Map<string, string>();
	/** `code|period` → specialty → part → tally. */
	private readonly tallies = new Map<string, Map<string, Map<RttPart, Tally>>>();

	add(row: RttRow): void {
		this.rows++;
		const { cells, line } = row;
		const problems: string[] = [];
		const period = parsePeriod(cells['Period'] ?? '');
		if (period === null)
			problems.push(`Period: "RTT-<Month>-<YYYY>", not "${(cells['Period'] ?? '').trim()}"`);
		const code = (cells['Provider Org Code'] ?? '').trim();
		if (code === '') problems.push('Provider Org Code: required');
		const partType = (cells['RTT Part Type'] ?? '').trim();
		const part = Object.hasOwn(RTT_PARTS, partType) ? RTT_PARTS[partType as RttPartType] : null;
		if (part === null)
			problems.push(
				`RTT Part Type: one of ${Object.keys(RTT_PARTS).join(', ')}, not "${partType}"`
			);
		const specialty = (cells['Treatment Function Code'] ?? '').trim();
		if (!/^(C_\d{3}|X\d{2})$/.test(specialty))
			problems.push(
				`Treatment Function Code: C_ and three digits or X and two digits, not "${specialty}"`
			);
		const tally = emptyTally();
		BAND_COLUMNS.forEach((c, i) => (tally.bands[i] = count(cells, c, problems)));
		tally.total = count(cells, 'Total', problems);
		tally.unknownStart = count(cells, 'Patients with unknown clock start date', problems);
		tally.totalAll = count(cells, 'Total All', problems);
		if (problems.length > 0 || period === null || part === null) {
			for (const p of problems) {
				const colon = p.indexOf(':');
				this.problems.push({ line, field: p.slice(0, colon), problem: p.slice(colon + 2) });
			}
			return;
		}
		const banded = sumBands(tally.bands, 0, tally.bands.length);
		if (banded !== null && tally.total !== null && banded !== tally.total) {
			this.warnings.push({
				line,
				provider: code,
				period,
				message: `Total is ${tally.total} but the bands sum to ${banded} (${partType}, ${specialty})`
			});
		}
		this.names.set(code, (cells['Provider Org Name'] ?? '').trim());
		const key = `${code}|${period}`;
		let bySpecialty = this.tallies.get(key);
		if (!bySpecialty) this.tallies.set(key, (bySpecialty = new Map()));
		let byPart = bySpecialty.get(specialty);
		if (!byPart) bySpecialty.set(specialty, (byPart = new Map()));
		let into = byPart.get(part);
		if (!into) byPart.set(part, (into = emptyTally()));
		addTally(into, tally);
	}

	/** Every summed tally, C_999 rows included. */
	*entries(): Generator<TallyEntry> {
		for (const [key, bySpecialty] of this.tallies) {
			const [code, period] = key.split('|');
			const name = this.names.get(code) ?? '';
			for (const [specialty, byPart] of bySpecialty)
				for (const [part, tally] of byPart) yield { code, name, period, specialty, part, tally };
		}
	}

	/** Each provider and period's figures, by provider code then period. */
	result(): ProviderPeriod[] {
		const out: ProviderPeriod[] = [];
		const keys = [...this.tallies.keys()].sort();
		for (const k of keys) {
			const [code, period] = k.split('|');
			const bySpecialty = this.tallies.get(k)!;
			const specialties = [...bySpecialty.keys()].filter((s) => s !== TOTAL_SPECIALTY).sort();
			const summed = new Map<RttPart, Tally>();
			for (const s of specialties)
				for (const [part, t] of bySpecialty.get(s)!) {
					let into = summed.get(part);
					if (!into) summed.set(part, (into = emptyTally()));
					addTally(into, t);
				}
			const published = bySpecialty.get(TOTAL_SPECIALTY);
			if (published) this.checkTotal({ code, period }, published, summed);
			else
				this.warnings.push({
					provider: code,
					period,
					message: `no ${TOTAL_SPECIALTY} (total) rows: the provider's figures are the sum of its specialties`
				});
			out.push({
				code,
				name: this.names.get(code) ?? '',
				period,
				...partFigures(published ?? summed),
				bySpecialty: Object.fromEntries(
					specialties.map((s) => [s, partFigures(bySpecialty.get(s)!)])
				)
			});
		}
		return out;
	}

	private checkTotal(key: Key, published: Map<RttPart, Tally>, summed: Map<RttPart, Tally>) {
		for (const [part, t] of published) {
			const total = t.totalAll;
			const sum = summed.get(part)?.totalAll ?? null;
			if (total !== null && sum !== null && total !== sum)
				this.warnings.push({
					provider: key.code,
					period: key.period,
					message: `${TOTAL_SPECIALTY} ${part} Total All is ${total} but its specialties sum to ${sum}`
				});
		}
	}
}
