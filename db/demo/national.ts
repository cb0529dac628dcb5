/**
 * Synthetic national RTT statistics for the demo, so the benchmark page has England and peers to
 * show on first run: the last 12 complete months for made-up providers with codes beginning ZZ
 * (no NHS organisation's code does), in the shape an import of NHS England's file leaves.
 *
 * The demo trust itself is provider ZZ1: its "published" figures are its own list recomputed at
 * each month's end (ownFigures), so the page shows them agreeing as a real trust's should.
 */
import type { Tx } from '../index';
import {
	BAND_COLUMNS,
	emptyTally,
	TOTAL_SPECIALTY,
	sumTallies,
	type RttPart,
	type Tally,
	type TallyEntry
} from '../../src/lib/domain/nationalRtt';
import { nationalSpecialty } from '../../src/lib/domain/nationalRtt';
import { ownTallies, storeNationalRtt } from '../../src/lib/server/nationalRtt';
import { Random } from './random';

export const DEMO_PROVIDER = { code: 'ZZ1', name: 'WAITWISE DEMO NHS TRUST' };

const PEERS: { code: string; name: string; scale: number; backlog: number }[] = [
	{ code: 'ZZ2', name: 'NORTHWOLD HOSPITALS NHS FOUNDATION TRUST', scale: 1.4, backlog: 1.2 },
	{ code: 'ZZ3', name: 'EASTMERE UNIVERSITY HOSPITALS NHS TRUST', scale: 2.1, backlog: 0.9 },
	{ code: 'ZZ4', name: 'SOUTHBROOK HEALTHCARE NHS TRUST', scale: 0.8, backlog: 1.5 },
	{ code: 'ZZ5', name: 'WESTFORD AND DALE NHS FOUNDATION TRUST', scale: 1.1, backlog: 0.7 },
	{ code: 'ZZ6', name: 'RIVERSIDE TEACHING HOSPITALS NHS TRUST', scale: 1.7, backlog: 1.05 }
];

/** Specialties every synthetic peer reports, with their share of its list. */
const PEER_SPECIALTIES: [string, number][] = [
	['C_100', 0.16],
	['C_101', 0.08],
	['C_110', 0.2],
	['C_120', 0.1],
	['C_130', 0.14],
	['C_502', 0.1],
	['X02', 0.12],
	['X05', 0.1]
];

const MONTHS = 12;

function months(today: string): string[] {
	const [y, m] = today.split('-').map(Number);
	return Array.from({ length: MONTHS }, (_, i) => {
		const index = y * 12 + (m - 1) - (i + 1);
		return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
	});
}

/** A waiting list of `size` spread over the 105 bands, thinning with the wait (long tail). */
function bands(random: Random, size: number, backlog: number): number[] {
	const weights = BAND_COLUMNS.map((_, w) =>
		w < 18
			? 1
			: w < 52
				? Math.exp(-(w - 18) / (12 * backlog))
				: 0.06 * backlog * Math.exp(-(w - 52) / 10)
	);
	const total = weights.reduce((a, b) => a + b, 0);
	return weights.map((x) => Math.round((size * x * random.uniform(0.85, 1.15)) / total));
}

function tally(b: number[]): Tally {
	const sum = b.reduce((a, x) => a + x, 0);
	return { bands: b, total: sum, unknownStart: null, totalAll: sum };
}

function peerEntries(random: Random, period: string): TallyEntry[] {
	const entries: TallyEntry[] = [];
	for (const peer of PEERS) {
		const byPart = new Map<RttPart, Tally[]>();
		for (const [specialty, share] of PEER_SPECIALTIES) {
			const size = Math.round(30_000 * peer.scale * share * random.uniform(0.95, 1.05));
			const parts: [RttPart, Tally][] = [
				['incomplete', tally(bands(random, size, peer.backlog))],
				['incompleteWithDta', tally(bands(random, size * 0.35, peer.backlog * 1.1))],
				['completedAdmitted', tally(bands(random, size * 0.04, peer.backlog))],
				['completedNonAdmitted', tally(bands(random, size * 0.12, peer.backlog * 0.8))]
			];
			const starts = Math.round(size * 0.18);
			parts.push(['newPeriods', { ...emptyTally(), totalAll: starts }]);
			for (const [part, t] of parts) {
				entries.push({ code: peer.code, name: peer.name, period, specialty, part, tally: t });
				let list = byPart.get(part);
				if (!list) byPart.set(part, (list = []));
				list.push(t);
			}
		}
		for (const [part, list] of byPart)
			entries.push({
				code: peer.code,
				name: peer.name,
				period,
				specialty: TOTAL_SPECIALTY,
				part,
				tally: sumTallies(list)
			});
	}
	return entries;
}

/** The demo trust's own list at each month's end, by national specialty. */
async function demoTrustEntries(tx: Tx, period: string): Promise<TallyEntry[]> {
	const byLocal = await ownTallies(tx, period);
	const bySpecialty = new Map<string, Map<RttPart, Tally[]>>();
	for (const { specialty, part, tally: t } of byLocal) {
		for (const key of [nationalSpecialty(specialty), TOTAL_SPECIALTY]) {
			let parts = bySpecialty.get(key);
			if (!parts) bySpecialty.set(key, (parts = new Map()));
			let list = parts.get(part);
			if (!list) parts.set(part, (list = []));
			list.push(t);
		}
	}
	return [...bySpecialty].flatMap(([specialty, parts]) =>
		[...parts].map(([part, list]) => ({
			...DEMO_PROVIDER,
			period,
			specialty,
			part,
			tally: sumTallies(list)
		}))
	);
}

/** Writes 12 months of synthetic national statistics; returns how many tallies. */
export async function loadDemoNationalStatistics(
	tx: Tx,
	seed: number,
	today: string
): Promise<number> {
	const random = new Random(seed ^ 0x5a71);
	const entries: TallyEntry[] = [];
	for (const period of months(today)) {
		entries.push(...peerEntries(random, period), ...(await demoTrustEntries(tx, period)));
	}
	const stored = await storeNationalRtt(tx, entries);
	return stored.inserted;
}
