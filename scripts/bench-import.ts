/**
 * npm run bench:import -- [--rows 100000] [--seed 42] [--reimport]
 *
 * Times the PTL import (issue 14: 100,000 rows in at most 60 s) on a synthetic extract written to
 * a temporary folder and imported into a fresh embedded database there. Beside it, in the same
 * run, the reference: reading and checking the same file without a database (what the import's
 * first pass does), so the figures separate parsing from writing on whatever machine runs them.
 * Prints rows per second and the process's peak memory (resident set, which includes PGlite's
 * WebAssembly heap, and the JavaScript heap). `--reimport` times importing the file again (every
 * row unchanged). About 1% of rows are made bad, so rejection is part of the work.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { connect } from '../db';
import {
	checkPtlRow,
	PTL_COLUMNS,
	readHeader,
	rowValues,
	type PtlColumn
} from '../src/lib/domain/ptlImport';
import { addDays, nhsCheckDigit, PRIORITIES } from '../src/lib/domain/rtt';
import { importPtl } from '../src/lib/server/imports/ptl';
import { readTable } from '../src/lib/server/imports/tableFile';

const { values } = parseArgs({
	options: {
		rows: { type: 'string', default: '100000' },
		seed: { type: 'string', default: '42' },
		reimport: { type: 'boolean', default: false }
	}
});
const rows = Number(values.rows);
const EXTRACT = '2026-12-01';
const SPECIALTIES = ['100', '101', '110', '120', '130', '160', '301', '320', '330', '502'];

/** xorshift32: the same seed gives the same file (quality is no matter here). */
function random(seed: number): () => number {
	let x = seed >>> 0 || 1;
	return () => {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		return (x >>> 0) / 4294967296;
	};
}

async function writeExtract(path: string): Promise<void> {
	const rnd = random(Number(values.seed));
	const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
	const out = createWriteStream(path);
	const write = async (line: string) => {
		if (!out.write(`${line}\n`)) await once(out, 'drain');
	};
	const columns: PtlColumn[] = [...PTL_COLUMNS];
	await write(columns.join(','));
	let nine = 999_000_000;
	for (let i = 0; i < rows; i++) {
		// synthetic NHS numbers in the 999 test range, each valid under Modulus 11
		let check: number | null;
		while ((check = nhsCheckDigit(String(++nine))) === null);
		const admitted = rnd() < 0.4;
		const clockStart = addDays(EXTRACT, -Math.floor(rnd() * 500));
		const priority = admitted ? pick(PRIORITIES) : '';
		const bad = rnd() < 0.01;
		const row: Record<PtlColumn, string> = {
			patient_pathway_identifier: `PW${String(i).padStart(8, '0')}`,
			organisation_code_patient_pathway_identifier_issuer: 'RXX',
			nhs_number: bad ? `${nine}${(check + 1) % 10}` : `${nine}${check}`,
			person_family_name: `Testpatient${i % 997}`,
			person_given_name: pick(['Ann', 'Bob', 'Cy', 'Dee', 'Eve']),
			person_birth_date: addDays('1940-01-01', Math.floor(rnd() * 25_000)),
			activity_treatment_function_code: pick(SPECIALTIES),
			waiting_list_type: admitted ? 'IRTT' : 'ORTT',
			referral_to_treatment_period_start_date:
				i % 2 ? clockStart : clockStart.split('-').reverse().join('/'),
			local_patient_identifier: `H${String(1_000_000 + i)}`,
			person_stated_gender_code: pick(['1', '2']),
			postcode: 'ZZ99 3AA',
			organisation_site_identifier_of_treatment: pick(['RXX01', 'RXX02']),
			consultant_code: `C${1000 + Math.floor(rnd() * 80)}`,
			clinical_priority: priority,
			priority_decision_date: priority ? addDays(clockStart, 30) : '',
			decision_to_admit_date: admitted ? addDays(clockStart, 30) : '',
			procedure_description: admitted ? '"Excision, lesion"' : '',
			opcs4_code: admitted ? 'S06.1' : '',
			expected_duration_minutes: admitted ? '60' : '20',
			tci_date: '',
			outpatient_future_appointment_date: admitted ? '' : addDays(EXTRACT, 10),
			last_pas_validation_date: '',
			referral_to_treatment_period_end_date: '',
			rtt_status_code: '20'
		};
		await write(columns.map((c) => row[c]).join(','));
	}
	out.end();
	await once(out, 'finish');
}

/** Peak resident set and JavaScript heap while `work` runs, sampled every 50 ms. */
async function measured<T>(work: () => Promise<T>) {
	let rss = 0;
	let heap = 0;
	const sample = () => {
		const m = process.memoryUsage();
		rss = Math.max(rss, m.rss);
		heap = Math.max(heap, m.heapUsed);
	};
	sample();
	const timer = setInterval(sample, 50);
	const started = performance.now();
	try {
		const result = await work();
		const ms = performance.now() - started;
		sample();
		return { result, ms, rssMb: rss / 2 ** 20, heapMb: heap / 2 ** 20 };
	} finally {
		clearInterval(timer);
	}
}

function line(label: string, m: { ms: number; rssMb: number; heapMb: number }) {
	console.log(
		`  ${label.padEnd(30)} ${(m.ms / 1000).toFixed(1).padStart(6)} s ${Math.round(
			(rows * 1000) / m.ms
		)
			.toString()
			.padStart(8)} rows/s   peak RSS ${m.rssMb.toFixed(0)} MB, heap ${m.heapMb.toFixed(0)} MB`
	);
}

const dir = mkdtempSync(join(tmpdir(), 'waitwise-bench-import-'));
try {
	const file = join(dir, 'extract.csv');
	await writeExtract(file);
	console.log(
		`PTL import: ${rows} rows, ${(statSync(file).size / 2 ** 20).toFixed(1)} MB CSV, extract date ${EXTRACT}`
	);

	const parse = await measured(async () => {
		let header: (PtlColumn | null)[] | null = null;
		let rejected = 0;
		for await (const { cells } of readTable(file)) {
			if (header === null) {
				const read = readHeader(cells);
				if (!read.ok) throw new Error(read.message);
				header = read.columns;
			} else if (!checkPtlRow(rowValues(header, cells), EXTRACT).ok) rejected++;
		}
		return rejected;
	});
	line('reference: read + check only', parse);

	const open = await connect(process.env.BENCH_DB ?? join(dir, 'pglite'));
	try {
		const first = await measured(() =>
			importPtl(open.db, file, { extractDate: EXTRACT, dryRun: false, userId: null })
		);
		line('import into a fresh database', first);
		const r = first.result;
		console.log(
			`    accepted ${r.accepted}, rejected ${r.rejected.length}, created ${r.created} (reference rejected ${parse.result})`
		);
		if (values.reimport) {
			const again = await measured(() =>
				importPtl(open.db, file, { extractDate: EXTRACT, dryRun: false, userId: null })
			);
			line('re-import (all unchanged)', again);
			console.log(`    unchanged ${again.result.unchanged}, updated ${again.result.updated}`);
		}
	} finally {
		await open.close();
	}
} finally {
	rmSync(dir, { recursive: true, force: true });
}
