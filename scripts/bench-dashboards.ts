/**
 * npm run bench:dashboards -- [--pathways 100000] [--seed 42] [--runs 10] [--database URL]
 *
 * Times the dashboards' data endpoints on the demo trust scaled to `--pathways`, beside the time
 * of the SQL they run alone, so the overhead is a ratio. The endpoint time is what a request
 * costs when the cache is cold (every change makes it cold): the aggregation queries, shaping
 * (including the projection) and JSON serialisation. "SQL alone" replays the very statements the
 * endpoint ran, captured from it, and nothing else. Also printed: a cache hit, which is what every
 * other watcher gets after a change.
 *
 * The database defaults to an embedded PGlite folder, bench-results/dashboards-<pathways>-<seed>,
 * loaded once and reused; pass --database postgres://… to measure PostgreSQL instead (an empty
 * database is loaded first).
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { connect, type Database, type OpenDatabase } from '../db';
import { isDatabaseEmpty, loadDemoTrust } from '../db/demo';
import type { DashboardFilters } from '../src/lib/contracts/dashboards/breachRisk';
import { trustDay } from '../src/lib/server/trustCalendar';
import { breachRisk, cachedBreachRisk } from '../src/lib/server/dashboards/breachRisk';
import { fillSnapshots } from '../src/lib/server/dashboards/snapshots';
import { recordsEndpoints } from './bench/dashboard-endpoints';
import { median, p95, timeRuns } from './bench/timing';

export interface Endpoint {
	name: string;
	/** The endpoint's work on a cold cache; returns what it would send. */
	run(db: Database): Promise<unknown>;
	/** The same on a warm cache, when the endpoint has one. */
	cached?(db: Database): Promise<unknown>;
}

const ALL: DashboardFilters = { specialty: [], listType: null, siteId: null };

function breachEndpoints(census: string): Endpoint[] {
	const filtered: DashboardFilters = { specialty: ['110'], listType: 'admitted', siteId: null };
	return [
		{
			name: 'breach-risk, whole trust',
			run: (db) => breachRisk(db, ALL, census),
			cached: (db) => cachedBreachRisk(db, ALL, census)
		},
		{
			name: 'breach-risk, 110 admitted',
			run: (db) => breachRisk(db, filtered, census),
			cached: (db) => cachedBreachRisk(db, filtered, census)
		}
	];
}

/** Records every statement `db.execute` runs while `work` runs. */
async function captured(db: Database, work: () => Promise<unknown>): Promise<unknown[]> {
	const statements: unknown[] = [];
	const original = db.execute.bind(db);
	const spy = ((query: Parameters<Database['execute']>[0]) => {
		statements.push(query);
		return original(query);
	}) as Database['execute'];
	db.execute = spy;
	try {
		await work();
	} finally {
		db.execute = original;
	}
	return statements;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			pathways: { type: 'string', default: '100000' },
			seed: { type: 'string', default: '42' },
			runs: { type: 'string', default: '10' },
			database: { type: 'string' }
		},
		strict: true
	});
	const pathways = Number(values.pathways);
	const seed = Number(values.seed);
	const runs = Number(values.runs);
	if (![pathways, seed, runs].every((n) => Number.isInteger(n) && n > 0))
		throw new Error('--pathways, --seed and --runs take positive whole numbers');
	const url = values.database ?? `bench-results/dashboards-${pathways}-${seed}`;
	const open: OpenDatabase = await connect(url);
	try {
		const day = await trustDay(open.db);
		const census = day.today;
		if (await isDatabaseEmpty(open)) {
			process.stderr.write(
				`loading the demo trust (${pathways} pathways, seed ${seed}) into ${open.location}…\n`
			);
			const started = performance.now();
			await loadDemoTrust(open, {
				seed,
				pathways,
				today: census,
				log: (m) => process.stderr.write(`  ${m}\n`)
			});
			process.stderr.write(`loaded in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
		}
		const taken = await fillSnapshots(open.db, day);
		if (taken.length) process.stderr.write(`weekly snapshots filled in: ${taken.length}\n`);
		const [{ n }] = await open.query<{ n: number }>(
			`select count(*)::int as n from pathways where rtt_status in ('10','11','12','20','21')`
		);
		console.log(
			`Dashboards on ${open.kind} (${open.location}): ${n.toLocaleString('en-GB')} open pathways, census ${census}, ${runs} runs after a warm-up\n`
		);
		console.log(
			[
				'endpoint'.padEnd(30),
				'statements',
				'endpoint ms (median / p95)',
				'SQL alone ms',
				'ratio',
				'cache hit ms'
			].join(' | ')
		);
		for (const endpoint of [...breachEndpoints(census), ...recordsEndpoints()]) {
			const statements = await captured(open.db, () => endpoint.run(open.db));
			const full = await timeRuns(runs, async () => JSON.stringify(await endpoint.run(open.db)));
			const sqlOnly = await timeRuns(runs, () =>
				Promise.all(statements.map((s) => open.db.execute(s as Parameters<Database['execute']>[0])))
			);
			const hit = endpoint.cached ? await timeRuns(runs, () => endpoint.cached!(open.db)) : null;
			console.log(
				[
					endpoint.name.padEnd(30),
					String(statements.length).padStart(10),
					`${median(full).toFixed(1)} / ${p95(full).toFixed(1)}`.padStart(26),
					`${median(sqlOnly).toFixed(1)} / ${p95(sqlOnly).toFixed(1)}`.padStart(12),
					`${(median(full) / median(sqlOnly)).toFixed(2)}×`.padStart(5),
					(hit ? median(hit).toFixed(3) : '–').padStart(12)
				].join(' | ')
			);
		}
	} finally {
		await open.close();
	}
}

main().catch((err: unknown) => {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
});
