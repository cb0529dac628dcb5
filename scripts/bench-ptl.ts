/**
 * npm run bench:ptl -- [--pathways 20000] [--seed 42] [--runs 5] [--database URL]
 *
 * Times the PTL export (`GET /api/pathways?format=csv|xlsx`: the whole list, no filters) beside the
 * PTL's first JSON page of 50 in the same run, on the demo trust scaled to `--pathways`, and
 * prints the file's size; then a search by each identifier the search box reads (NHS number,
 * hospital number, date of birth, "SURNAME, Forename") and one patient's record (issue 12). The database defaults to an embedded PGlite folder,
 * bench-results/ptl-<pathways>-<seed>, loaded once and reused; --database postgres://… measures
 * PostgreSQL (an empty database is loaded first).
 */
import { parseArgs } from 'node:util';
import { connect } from '../db';
import { isDatabaseEmpty, loadDemoTrust } from '../db/demo';
import { createUser } from '../src/lib/server/auth';
import { patientRecord } from '../src/lib/server/patients';
import { parsePtlFilters, queryPtl } from '../src/lib/server/ptl';
import { ptlFile } from '../src/lib/server/ptlExport';
import { trustDay } from '../src/lib/server/trustCalendar';
import { median, timeRuns } from './bench/timing';

const { values } = parseArgs({
	options: {
		pathways: { type: 'string', default: '20000' },
		seed: { type: 'string', default: '42' },
		runs: { type: 'string', default: '5' },
		database: { type: 'string' }
	}
});
const pathways = Number(values.pathways);
const seed = Number(values.seed);
const runs = Number(values.runs);

const open = await connect(values.database ?? `bench-results/ptl-${pathways}-${seed}`);
try {
	const { today } = await trustDay(open.db);
	if (await isDatabaseEmpty(open)) {
		process.stderr.write(`loading the demo trust (${pathways} pathways, seed ${seed})…\n`);
		await loadDemoTrust(open, {
			seed,
			pathways,
			today,
			log: (m) => process.stderr.write(`  ${m}\n`)
		});
	}
	const user = await createUser(
		open.db,
		{
			email: `bench-${Date.now()}@example.test`,
			name: 'Bench',
			role: 'coordinator',
			password: 'a long bench password'
		},
		null
	);
	const filters = parsePtlFilters(new URLSearchParams());

	const page = await timeRuns(runs, async () =>
		JSON.stringify(await queryPtl(open.db, filters, today))
	);
	console.log(`PTL on ${open.kind}, census ${today}, ${runs} runs after a warm-up (median, max)`);
	console.log(
		`  first page, 50 rows, JSON       ${median(page).toFixed(0)} ms, ${Math.max(...page).toFixed(0)} ms`
	);
	// a patient in the middle of the list, searched for as staff would type each identifier
	const [who] = await open.query<{
		id: number;
		nhs: string;
		hospital: string;
		dob: string;
		family: string;
		given: string;
	}>(
		`select id, nhs_number as nhs, hospital_number as hospital, to_char(date_of_birth, 'DD/MM/YYYY') as dob,
		        family_name as family, given_name as given
		 from patients where hospital_number is not null order by id offset (select count(*) / 2 from patients) limit 1`
	);
	const searches = {
		'NHS number': `${who.nhs.slice(0, 3)} ${who.nhs.slice(3, 6)} ${who.nhs.slice(6)}`,
		'hospital number': who.hospital,
		'date of birth': who.dob,
		'SURNAME, Forename': `${who.family.toUpperCase()}, ${who.given}`
	};
	for (const [label, q] of Object.entries(searches)) {
		const found = parsePtlFilters(new URLSearchParams({ q }));
		let total = 0;
		const times = await timeRuns(runs, async () => {
			total = (await queryPtl(open.db, found, today)).total;
		});
		console.log(
			`  ${`search by ${label}`.padEnd(31)} ${median(times).toFixed(0)} ms, ${Math.max(...times).toFixed(0)} ms (${total} rows)`
		);
	}
	const record = await timeRuns(runs, async () => void (await patientRecord(open.db, who.id)));
	console.log(
		`  one patient's record            ${median(record).toFixed(0)} ms, ${Math.max(...record).toFixed(0)} ms`
	);
	for (const format of ['csv', 'xlsx'] as const) {
		let bytes = 0;
		let rows = 0;
		const whole = await timeRuns(runs, async () => {
			const file = await ptlFile(open.db, filters, today, user.id, format);
			bytes = Buffer.byteLength(file.body);
			rows = file.rows;
		});
		console.log(
			`  whole list, ${rows.toLocaleString('en-GB')} rows, ${format.padEnd(4)}  ${median(whole).toFixed(0)} ms, ${Math.max(...whole).toFixed(0)} ms, ${(bytes / 1024 / 1024).toFixed(2)} MB`
		);
	}
} finally {
	await open.close();
}
