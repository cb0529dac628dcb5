/**
 * Test support: small files in the published RTT "Full CSV data file" layout, built in the test
 * (never a real file committed), and a stored (uncompressed) zip to wrap them the way NHS England
 * publishes them.
 */
import { crc32 } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { BAND_COLUMNS, NationalRttTally, REQUIRED_COLUMNS } from './nationalRtt';

export interface FixtureRow {
	period?: string;
	provider?: string;
	providerName?: string;
	commissioner?: string;
	part: 'Part_1A' | 'Part_1B' | 'Part_2' | 'Part_2A' | 'Part_3';
	specialty: string;
	/** Band index (0 = `Gt 00 To 01`, 104 = `Gt 104`) → count; bands not given are blank. */
	bands?: Record<number, number>;
	/** Defaults to the band sum (blank when no band is given). */
	total?: number | '';
	unknownStart?: number | '';
	/** Defaults to total + unknown start. */
	totalAll?: number | '';
	/** Overrides for any cell, by column name. */
	cells?: Record<string, string>;
}

const PART_NAMES = {
	Part_1A: 'Completed Pathways For Admitted Patients',
	Part_1B: 'Completed Pathways For Non-Admitted Patients',
	Part_2: 'Incomplete Pathways',
	Part_2A: 'Incomplete Pathways with DTA',
	Part_3: 'New RTT Periods - All Patients'
};

function quote(value: string): string {
	return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function rttCsv(rows: readonly FixtureRow[], columns = REQUIRED_COLUMNS): string {
	const lines = [columns.map(quote).join(',')];
	for (const r of rows) {
		const bandValues = BAND_COLUMNS.map((_, i) => r.bands?.[i]);
		const given = bandValues.filter((v): v is number => v !== undefined);
		const bandSum = given.length ? given.reduce((a, b) => a + b, 0) : '';
		const total = r.total ?? bandSum;
		const unknown = r.unknownStart ?? '';
		const totalAll =
			r.totalAll ??
			(total === '' && unknown === '' ? '' : Number(total || 0) + Number(unknown || 0));
		const provider = r.provider ?? 'RXX';
		const commissioner = r.commissioner ?? '00A';
		const cells: Record<string, string> = {
			Period: r.period ?? 'RTT-October-2026',
			'Provider Parent Org Code': 'Y00',
			'Provider Parent Name': 'NHS ENGLAND SOMEWHERE',
			'Provider Org Code': provider,
			'Provider Org Name': r.providerName ?? `${provider} HOSPITALS NHS TRUST`,
			'Commissioner Parent Org Code': 'Q00',
			'Commissioner Parent Name': 'SOMEWHERE COMMISSIONING REGION',
			'Commissioner Org Code': commissioner,
			'Commissioner Org Name': `NHS ${commissioner} ICB`,
			'RTT Part Type': r.part,
			'RTT Part Description': PART_NAMES[r.part],
			'Treatment Function Code': r.specialty,
			'Treatment Function Name': r.specialty === 'C_999' ? 'Total' : `Function ${r.specialty}`,
			Total: String(total),
			'Patients with unknown clock start date': String(unknown),
			'Total All': String(totalAll),
			...Object.fromEntries(BAND_COLUMNS.map((c, i) => [c, String(bandValues[i] ?? '')])),
			...r.cells
		};
		lines.push(columns.map((c) => quote(cells[c] ?? '')).join(','));
	}
	return lines.join('\r\n') + '\r\n';
}

/** The rows, written as the file and read back into a tally as the importer reads them. */
export function tallyOf(rows: readonly FixtureRow[]): NationalRttTally {
	const [header, ...body]: string[][] = parse(rttCsv(rows));
	const tally = new NationalRttTally();
	body.forEach((r, i) =>
		tally.add({ line: i + 2, cells: Object.fromEntries(header.map((h, j) => [h, r[j]])) })
	);
	return tally;
}

/** A zip holding `files` stored without compression: enough for a reader of the real thing. */
export function storedZip(files: Record<string, string>): Buffer {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const [name, text] of Object.entries(files)) {
		const data = Buffer.from(text);
		const nameBytes = Buffer.from(name);
		const crc = crc32(data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(nameBytes.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(nameBytes.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, nameBytes, data);
		centrals.push(central, nameBytes);
		offset += local.length + nameBytes.length + data.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(centrals.length / 2, 8);
	end.writeUInt16LE(centrals.length / 2, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, directory, end]);
}
