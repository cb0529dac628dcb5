/**
 * Streams NHS England's monthly RTT "Full CSV data file" — the CSV itself or the zip it is
 * published in, one or many months — into a NationalRttTally, holding one row at a time.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import unzipper from 'unzipper';
import {
	missingColumns,
	NationalRttTally,
	REQUIRED_COLUMNS,
	type ProviderPeriod,
	type RowProblem,
	type Warning
} from '../../domain/nationalRtt';

/** The file as a whole cannot be read: nothing in it is used. */
export class RefusedFile extends Error {}

export interface NationalRttRead {
	rows: number;
	/** The summed tallies, for storing. */
	tally: NationalRttTally;
	providers: ProviderPeriod[];
	problems: RowProblem[];
	warnings: Warning[];
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

async function firstBytes(path: string, n: number): Promise<Buffer> {
	const handle = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
		throw new RefusedFile(
			`${path}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'a folder, not a file' : e.message}`
		);
	});
	try {
		const buffer = Buffer.alloc(n);
		const { bytesRead } = await handle.read(buffer, 0, n, 0);
		return buffer.subarray(0, bytesRead);
	} finally {
		await handle.close();
	}
}

/** Reads every CSV in `paths` (each a CSV or a zip of CSVs) into one tally. */
export async function readNationalRttFiles(paths: readonly string[]): Promise<NationalRttRead> {
	const tally = new NationalRttTally();
	for (const path of paths) {
		const head = await firstBytes(path, 4096);
		if (head.length === 0) throw new RefusedFile(`${path}: the file is empty`);
		if (head.subarray(0, 4).equals(ZIP_MAGIC)) {
			let csvs = 0;
			const zip = createReadStream(path).pipe(unzipper.Parse({ forceStream: true }));
			for await (const entry of zip as AsyncIterable<unzipper.Entry>) {
				if (entry.type === 'File' && /\.csv$/i.test(entry.path)) {
					csvs++;
					await readCsv(entry, `${path}:${entry.path}`, tally);
				} else entry.autodrain();
			}
			if (csvs === 0) throw new RefusedFile(`${path}: the zip holds no .csv file`);
		} else {
			if (head.includes(0)) throw new RefusedFile(`${path}: not a CSV or zip file`);
			await readCsv(createReadStream(path), path, tally);
		}
	}
	const providers = tally.result();
	return {
		rows: tally.rows,
		tally,
		providers,
		problems: tally.problems,
		warnings: tally.warnings
	};
}

async function readCsv(input: Readable, name: string, tally: NationalRttTally): Promise<void> {
	const parser = input.pipe(
		parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true })
	);
	let header: string[] | null = null;
	try {
		for await (const { record, info } of parser as AsyncIterable<{
			record: string[];
			info: { lines: number };
		}>) {
			if (header === null) {
				header = record.map((h) => h.trim());
				const missing = missingColumns(header);
				if (missing.length === REQUIRED_COLUMNS.length)
					throw new RefusedFile(
						`${name}: the first line is not the RTT full CSV header (it lacks ${missing.slice(0, 3).join(', ')}, …)`
					);
				if (missing.length > 0)
					throw new RefusedFile(
						`${name}: the header lacks ${missing.length === 1 ? 'the column' : `${missing.length} columns:`} ${missing
							.slice(0, 5)
							.map((c) => `"${c}"`)
							.join(', ')}${missing.length > 5 ? ', …' : ''}`
					);
				continue;
			}
			const cells: Record<string, string> = {};
			for (let i = 0; i < header.length; i++) cells[header[i]] = record[i] ?? '';
			tally.add({ line: info.lines, cells });
		}
	} catch (e) {
		input.destroy();
		if (e instanceof RefusedFile) throw e;
		throw new RefusedFile(`${name}: ${e instanceof Error ? e.message : String(e)}`);
	}
	if (header === null) throw new RefusedFile(`${name}: no header line`);
}
