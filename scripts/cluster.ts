/**
 * npm run cluster -- --instances 3 [--port 3000] [--database-url URL] [--redis-url URL] [--prefix P]
 *
 * A local cluster to try multi-instance mode: N instances of the production server
 * (server/index.ts; built first if there is no build) on this machine's PostgreSQL and Redis,
 * behind HAProxy with deploy/haproxy.cfg. Ctrl-C stops everything (SIGTERM to each, then waits).
 *
 * Also a module: `startLocalCluster()` starts one and hands back its instances (each can be
 * killed with SIGKILL and restarted) for `npm run bench:cluster` and the tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { freePort, health, isHealthy } from '../tests/chaos/serverProcess';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const HAPROXY_TEMPLATE = join(ROOT, 'deploy/haproxy.cfg');
const SERVERS_MARKER = /^[ \t]*# servers \(npm run cluster writes one line per instance here\)$/m;
const PRODUCTION_ENTRY = 'server/index.ts';

export interface LocalClusterOptions {
	instances: number;
	/** The load balancer's port: the address people and clients use. */
	port: number;
	/** PostgreSQL; the database is created when missing. */
	databaseUrl: string;
	redisUrl: string;
	/** REDIS_PREFIX: every key, stream and channel of this cluster. */
	prefix: string;
	/** The first instance's port (then +1 each), or 'free' for ports the OS hands out. */
	firstInstancePort?: number | 'free';
	/**
	 * The program each instance runs, relative to the repository: the production server (default;
	 * built first when there is no build) or another entry reading the same environment, such as
	 * tests/chaos/boardServer.ts, which needs no build.
	 */
	entry?: string;
	/** WAITWISE_DEMO=1 for the first instance (it loads the demo only into an empty database). */
	demo?: boolean;
	/** Where each instance keeps its local state (DATA_DIR: the boards' write-ahead log). */
	dataDir?: string;
	/** More environment for every instance. */
	env?: Record<string, string>;
	/** Every line the instances and HAProxy print, and the cluster's own progress. */
	log?: (line: string) => void;
}

export interface ClusterInstance {
	/** INSTANCE_ID, also HAProxy's name for it. */
	readonly id: string;
	readonly port: number;
	/** INSTANCE_URL: its own address, bypassing the load balancer. */
	readonly url: string;
	pid(): number | undefined;
	running(): boolean;
	/** kill -9: no shutdown handler runs. */
	kill(): Promise<void>;
	/** SIGTERM, as an orchestrator stops it; waits for it to exit. */
	stop(): Promise<void>;
	/** Starts it again (same port, settings and local state) and waits until it is healthy. */
	restart(): Promise<void>;
}

export interface LocalCluster {
	/** The load balancer's address (also every instance's ORIGIN). */
	url: string;
	instances: ClusterInstance[];
	/** The filled HAProxy configuration. */
	haproxyConfig: string;
	stop(): Promise<void>;
}

/** HAProxy's binary (HAPROXY, else on PATH, else /usr/sbin/haproxy), or null when not installed. */
export function haproxyBinary(): string | null {
	for (const candidate of [process.env.HAPROXY, 'haproxy', '/usr/sbin/haproxy']) {
		if (!candidate) continue;
		const probe = spawnSync(candidate, ['-v'], { stdio: 'ignore' });
		if (probe.status === 0) return candidate;
	}
	return null;
}

/** The template with one `server` line per instance where the marker is. */
export function fillHaproxyConfig(
	template: string,
	servers: { id: string; address: string }[]
): string {
	if (!SERVERS_MARKER.test(template))
		throw new Error('deploy/haproxy.cfg has lost its "# servers (npm run cluster …)" marker');
	const lines = servers.map((s) => `\tserver ${s.id} ${s.address}`).join('\n');
	return template.replace(SERVERS_MARKER, lines);
}

/** Creates the database at `url` when it does not exist (connecting to `postgres` on that server). */
export async function ensureDatabase(url: string): Promise<void> {
	const target = new URL(url);
	const name = decodeURIComponent(target.pathname.slice(1));
	if (!/^[A-Za-z0-9_]{1,63}$/.test(name))
		throw new Error(`the database name "${name}" must be letters, digits and "_"`);
	const admin = new URL(url);
	admin.pathname = '/postgres';
	const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
	try {
		const found = await sql`select 1 from pg_database where datname = ${name}`;
		if (found.length === 0) await sql.unsafe(`create database "${name}"`);
	} finally {
		await sql.end();
	}
}

function ensureBuild(log: (line: string) => void): void {
	if (existsSync(join(ROOT, 'build/handler.js'))) return;
	log('No build found: running `npm run build` first…');
	const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	if (built.status !== 0) throw new Error('`npm run build` failed');
}

/** Polls `url`/healthz until it answers 200 ok; throws after `timeoutMs` or when `gone()`. */
async function waitHealthy(
	url: string,
	what: string,
	timeoutMs: number,
	gone: () => string | null
): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const exit = gone();
		if (exit) throw new Error(`${what} exited (${exit}) before it was healthy`);
		if (isHealthy(await health(url))) return;
		if (Date.now() > until) throw new Error(`${what} was not healthy within ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

interface Supervised {
	child: ChildProcess;
	exitStatus: string | null;
	exited: Promise<string>;
}

function supervise(
	name: string,
	command: string,
	args: string[],
	env: NodeJS.ProcessEnv,
	log: (line: string) => void
): Supervised {
	const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
	const run: Supervised = { child, exitStatus: null, exited: Promise.resolve('') };
	run.exited = new Promise((resolve) =>
		child.once('exit', (code, signal) => {
			run.exitStatus = signal ?? `exit code ${code}`;
			resolve(run.exitStatus);
		})
	);
	for (const stream of [child.stdout!, child.stderr!])
		createInterface({ input: stream }).on('line', (line) => log(`[${name}] ${line}`));
	return run;
}

async function terminate(run: Supervised, signal: NodeJS.Signals, graceMs = 30_000): Promise<void> {
	if (run.exitStatus !== null) return;
	run.child.kill(signal);
	const timer = setTimeout(() => run.child.kill('SIGKILL'), graceMs);
	await run.exited;
	clearTimeout(timer);
}

const live = new Set<Supervised>();
// a crashed or interrupted caller must not leave instances behind
process.once('exit', () => {
	for (const run of live) run.child.kill('SIGKILL');
});

export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
	const log = options.log ?? ((line: string) => console.log(line));
	const entry = options.entry ?? PRODUCTION_ENTRY;
	const haproxy = haproxyBinary();
	if (!haproxy) throw new Error('HAProxy is not installed (Debian: apt-get install haproxy)');
	if (!Number.isInteger(options.instances) || options.instances < 1)
		throw new Error('--instances must be a whole number, 1 or more');
	if (entry === PRODUCTION_ENTRY) ensureBuild(log);
	await ensureDatabase(options.databaseUrl);

	const dataDir = options.dataDir ?? join(ROOT, 'data/cluster', options.prefix);
	const origin = `http://localhost:${options.port}`;
	const first = options.firstInstancePort ?? 3101;
	const ports: number[] = [];
	for (let i = 0; i < options.instances; i++)
		ports.push(first === 'free' ? await freePort() : first + i);

	const instances = ports.map((port, i) => {
		const id = `inst${i + 1}`;
		const url = `http://127.0.0.1:${port}`;
		const env: NodeJS.ProcessEnv = {
			...process.env,
			...options.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATABASE_URL: options.databaseUrl,
			REDIS_URL: options.redisUrl,
			REDIS_PREFIX: options.prefix,
			INSTANCE_ID: id,
			INSTANCE_URL: url,
			DATA_DIR: join(dataDir, id),
			ADDRESS_HEADER: 'X-Forwarded-For',
			XFF_DEPTH: '1',
			// only the first instance may load the demo, and it starts alone (see below)
			WAITWISE_DEMO: options.demo !== false && i === 0 ? '1' : '0',
			VITEST: undefined
		};
		let run: Supervised | undefined;
		const launch = async (timeoutMs: number) => {
			mkdirSync(env.DATA_DIR!, { recursive: true });
			run = supervise(id, process.execPath, ['--import', 'tsx', entry], env, log);
			live.add(run);
			const current = run;
			void current.exited.then(() => live.delete(current));
			await waitHealthy(url, id, timeoutMs, () => current.exitStatus);
		};
		const instance: ClusterInstance & { launch: typeof launch } = {
			id,
			port,
			url,
			launch,
			pid: () => run?.child.pid,
			running: () => run !== undefined && run.exitStatus === null,
			async kill() {
				if (run) await terminate(run, 'SIGKILL');
			},
			async stop() {
				if (run) await terminate(run, 'SIGTERM');
			},
			restart: () => launch(120_000)
		};
		return instance;
	});

	let lb: Supervised | undefined;
	const stop = async () => {
		await Promise.all(instances.map((i) => i.stop()));
		if (lb) await terminate(lb, 'SIGTERM', 5_000);
	};
	try {
		// The first instance starts alone: when asked, it loads the demo, which it does only into
		// an empty database, before any other instance can see it. (Migrations need no such care:
		// instances take turns under an advisory lock, db/index.ts.)
		log(`Starting ${instances[0].id} on ${instances[0].url}…`);
		await instances[0].launch(600_000);
		if (instances.length > 1) log(`Starting ${instances.length - 1} more…`);
		await Promise.all(instances.slice(1).map((i) => i.launch(120_000)));

		const haproxyConfig = join(dataDir, 'haproxy.cfg');
		mkdirSync(dataDir, { recursive: true });
		writeFileSync(
			haproxyConfig,
			fillHaproxyConfig(
				readFileSync(HAPROXY_TEMPLATE, 'utf8'),
				instances.map((i) => ({ id: i.id, address: `127.0.0.1:${i.port}` }))
			)
		);
		const lbEnv = {
			...process.env,
			WAITWISE_LB_BIND: `:${options.port}`,
			WAITWISE_LB_STATS: `127.0.0.1:${await freePort()}`
		};
		lb = supervise('haproxy', haproxy, ['-db', '-f', haproxyConfig], lbEnv, log);
		live.add(lb);
		const url = `http://127.0.0.1:${options.port}`;
		const started = lb;
		await waitHealthy(url, 'HAProxy', 30_000, () => started.exitStatus);
		return { url, instances, haproxyConfig, stop };
	} catch (err) {
		await stop();
		throw err;
	}
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			instances: { type: 'string', default: '3' },
			port: { type: 'string', default: '3000' },
			'database-url': {
				type: 'string',
				default: 'postgres://postgres@127.0.0.1:5432/waitwise_cluster'
			},
			'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
			prefix: { type: 'string', default: 'waitwise-cluster' }
		},
		strict: true
	});
	const cluster = await startLocalCluster({
		instances: Number(values.instances),
		port: Number(values.port),
		databaseUrl: values['database-url'],
		redisUrl: values['redis-url'],
		prefix: values.prefix
	});
	console.log(
		[
			'',
			`Waitwise: ${cluster.instances.length} instance(s) behind HAProxy.`,
			`  Open http://localhost:${values.port} (ORIGIN; sign in with the demo accounts above)`,
			...cluster.instances.map((i) => `  ${i.id}: ${i.url} (pid ${i.pid()})`),
			`  HAProxy configuration: ${cluster.haproxyConfig}`,
			'Ctrl-C stops everything.'
		].join('\n')
	);
	let stopping = false;
	const shutdown = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal}: stopping every instance, then HAProxy…`);
		await cluster.stop();
		console.log('stopped');
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown('SIGINT'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	main().catch((err: unknown) => {
		console.error(err instanceof Error ? err.message : err);
		process.exit(1);
	});
}
