/**
 * npm run bench:cluster — live boards across instances, measured with real y-websocket clients
 * through HAProxy (scripts/cluster.ts starts the production server behind deploy/haproxy.cfg on
 * this machine's PostgreSQL and Redis, in a database and REDIS_PREFIX of the bench's own).
 *
 * For 1 instance and then for N (default 3), with the same load on one board (default 300
 * clients, 20 of them writing, 20 edits/s in total):
 *   - edit latency p50/p99 from the edit to its arrival at other clients, split into arrivals at
 *     clients on the writer's own instance and on another instance (cross-instance), with how
 *     many of the expected arrivals came at all: before live boards span instances, edits do not
 *     cross, and the bench says so instead of waiting;
 *   - connections and resident memory (RSS) per instance;
 *   - throughput: edits/s in total over 3 boards, stepped up until p99 passes 100 ms or
 *     arrivals go missing; the last step that held is what the cluster sustains;
 *   - with N instances, takeover: `kill -9` of the board's owner (the instance named by the
 *     Redis lease `<prefix>:board:<id>:owner`), and the time until an edit made on one surviving
 *     instance after the kill reaches a client on another (not measurable without that lease).
 * Latency is read from each edit's `at` (ms since the epoch, set by the writer as the app does);
 * the clients share the machine's clock with the servers. Which instance a client reached is
 * HAProxy's X-Waitwise-Instance header on its websocket upgrade.
 *
 * Options: --instances 3  --clients 300  --writers 20  --rate 20 (edits/s in total)
 *          --seconds 10 (measured, after --warmup 2)  --steps 30,60,120,240 (throughput, edits/s)
 *          --step-seconds 4  --database-url (admin URL of the PostgreSQL server)  --redis-url
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { connect } from '../db';
import { MESSAGE_NOTICE, type Notice } from '../src/lib/contracts/planner/protocol';
import { createPostgresDatabase } from '../tests/integration/databases';
import { dropPrefix } from '../tests/integration/redis';
import { freePort } from '../tests/chaos/serverProcess';
import { seedBenchBoards, type BenchBoards } from './bench/board';
import { startLocalCluster, type ClusterInstance, type LocalCluster } from './cluster';

const { values } = parseArgs({
	options: {
		instances: { type: 'string', default: '3' },
		clients: { type: 'string', default: '300' },
		writers: { type: 'string', default: '20' },
		rate: { type: 'string', default: '20' },
		seconds: { type: 'string', default: '10' },
		warmup: { type: 'string', default: '2' },
		steps: { type: 'string', default: '30,60,120,240' },
		'step-seconds': { type: 'string', default: '4' },
		'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
		'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' }
	},
	strict: true
});
const INSTANCES = Number(values.instances);
const CLIENTS = Number(values.clients);
const WRITERS = Math.min(Number(values.writers), CLIENTS);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const STEPS = values.steps.split(',').map(Number);
const STEP_SECONDS = Number(values['step-seconds']);
const REDIS_URL = values['redis-url'];
/** Observers per instance: every arrival at them is timed (all 300 would load the bench itself). */
const OBSERVERS_PER_INSTANCE = 10;
/** The throughput runs: 3 boards, each with this many writers and viewers. */
const STEP_BOARDS = 3;
const STEP_WRITERS = 10;
const STEP_VIEWERS = 20;
const P99_LIMIT_MS = 100;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const progress = (line: string) => process.stderr.write(`${line}\n`);

interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** The instance HAProxy sent the current connection to. */
	instance: string | null;
	online(): boolean;
}

/** The board notices clients received (saving paused, rate limits…), by kind, for the report. */
const notices = new Map<string, number>();

function openClient(url: string, boardId: number, cookie: string): Client {
	const client = { doc: new Y.Doc(), instance: null } as Client;
	class ThroughLoadBalancer extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, { headers: { cookie } });
			this.once('upgrade', (res) => {
				const served = res.headers['x-waitwise-instance'];
				client.instance = typeof served === 'string' ? served : null;
			});
		}
	}
	client.provider = new WebsocketProvider(url, String(boardId), client.doc, {
		WebSocketPolyfill: ThroughLoadBalancer as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		maxBackoffTime: 500
	});
	client.provider.messageHandlers[MESSAGE_NOTICE] = (_encoder, decoder) => {
		const { kind } = JSON.parse(decoding.readVarString(decoder)) as Notice;
		notices.set(kind, (notices.get(kind) ?? 0) + 1);
	};
	client.online = () => client.provider.wsconnected && client.provider.synced;
	return client;
}

function closeClients(clients: Client[]): void {
	for (const c of clients) {
		c.provider.destroy();
		c.doc.destroy();
	}
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
	const until = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > until) return false;
		await sleep(50);
	}
	return true;
}

interface Arrival {
	latency: number;
	cross: boolean;
	at: number;
	writerInstance: string;
	observerInstance: string;
}

/**
 * Writers edit at `rate` edits/s in total; observers time every arrival. `sent` remembers each
 * edit's writer instance (by author and time), to tell cross-instance arrivals from local ones.
 */
function startLoad(
	seeded: BenchBoards,
	writers: { client: Client; author: number }[],
	observers: Client[],
	rate: number
) {
	/** Each edit's writer instance, and whether it was made while recording. */
	const sent = new Map<string, { instance: string; recorded: boolean }>();
	const arrivals: Arrival[] = [];
	let recording = false;
	const offs = observers.map((o) => {
		const allocations = o.doc.getMap<{ at: string; by: { id: number } }>('allocations');
		const on = (event: Y.YMapEvent<{ at: string; by: { id: number } }>) => {
			const now = Date.now();
			for (const key of event.keysChanged) {
				const value = allocations.get(key);
				if (!value || !o.instance) continue;
				const edit = sent.get(`${value.by?.id}@${value.at}`);
				if (!edit?.recorded) continue;
				const writerInstance = edit.instance;
				arrivals.push({
					latency: now - Date.parse(value.at),
					cross: writerInstance !== o.instance,
					at: now,
					writerInstance,
					observerInstance: o.instance
				});
			}
		};
		allocations.observe(on);
		return () => allocations.unobserve(on);
	});
	const period = (1000 * writers.length) / rate;
	let n = 0;
	const edits: { writerInstance: string; at: number }[] = [];
	const timers = writers.map((w, i) => {
		const tick = () => {
			if (!w.client.online() || !w.client.instance) return;
			n++;
			const at = new Date();
			const author = seeded.writerAuthors[w.author];
			sent.set(`${author.id}@${at.toISOString()}`, {
				instance: w.client.instance,
				recorded: recording
			});
			if (recording) edits.push({ writerInstance: w.client.instance, at: at.getTime() });
			w.client.doc.getMap('allocations').set(String(seeded.pathwayIds[(i * 7919 + n) % 600]), {
				sessionId: seeded.sessionIds[(i + n) % seeded.sessionIds.length],
				by: author,
				at: at.toISOString()
			});
		};
		const timer: { first?: NodeJS.Timeout; every?: NodeJS.Timeout } = {};
		timer.first = setTimeout(
			() => {
				tick();
				timer.every = setInterval(tick, period);
			},
			(i * period) / writers.length
		);
		return timer;
	});
	return {
		arrivals,
		edits,
		record(on: boolean) {
			recording = on;
		},
		/** Stops the writers; observers go on timing the edits still in flight. */
		stop() {
			for (const t of timers) {
				clearTimeout(t.first);
				clearInterval(t.every);
			}
		},
		detach() {
			for (const off of offs) off();
		}
	};
}

const percentile = (values: number[], q: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
};

interface Latency {
	p50: number;
	p99: number;
	arrived: number;
	expected: number;
}

/** Latency over the arrivals of one kind, against how many there should have been. */
function latency(load: ReturnType<typeof startLoad>, observers: Client[], cross: boolean): Latency {
	const got = load.arrivals.filter((a) => a.cross === cross).map((a) => a.latency);
	let expected = 0;
	for (const e of load.edits)
		for (const o of observers) if ((o.instance !== e.writerInstance) === cross) expected++;
	return { p50: percentile(got, 0.5), p99: percentile(got, 0.99), arrived: got.length, expected };
}

function pickObservers(clients: Client[], exclude: Set<Client>): Client[] {
	const byInstance = new Map<string, Client[]>();
	for (const c of clients) {
		if (exclude.has(c) || !c.instance) continue;
		const list = byInstance.get(c.instance) ?? [];
		if (list.length < OBSERVERS_PER_INSTANCE) list.push(c);
		byInstance.set(c.instance, list);
	}
	return [...byInstance.values()].flat();
}

/** Resident memory of a process on this machine, in MB (Linux /proc). */
function rssMb(pid: number | undefined): number {
	if (!pid) return NaN;
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
		return kb / 1024;
	} catch {
		return NaN;
	}
}

async function connectAll(
	cluster: LocalCluster,
	boardId: number,
	cookies: string[]
): Promise<Client[]> {
	const url = `${cluster.url.replace('http', 'ws')}/yjs`;
	const clients = cookies.map((cookie) => openClient(url, boardId, cookie));
	const synced = await waitFor(() => clients.every((c) => c.online()), 60_000);
	if (!synced)
		progress(
			`  only ${clients.filter((c) => c.online()).length} of ${clients.length} clients synced within 60 s`
		);
	const spread = new Map<string, number>();
	for (const c of clients) spread.set(`${c.instance}`, (spread.get(`${c.instance}`) ?? 0) + 1);
	progress(`  connected: ${[...spread].map(([i, n]) => `${i} ${n}`).join(', ')}`);
	return clients;
}

interface Size {
	instances: number;
	same: Latency;
	cross: Latency;
	perInstance: { id: string; connections: number; rssMb: number }[];
	steps: { rate: number; p99: number; delivered: number; held: boolean }[];
	takeover?: string;
	/** Board notices the clients received during this size's runs. */
	notices: string;
	/** The bench's own CPU while measuring, in cores: its 300 docs compete with the servers. */
	clientCores: number;
}

/** The Redis lease naming the board's owner, matched to an instance; undefined when absent. */
async function boardOwner(
	prefix: string,
	boardId: number,
	instances: ClusterInstance[]
): Promise<{ raw: string; instance?: ClusterInstance } | undefined> {
	const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
	try {
		const key = `${prefix}:board:${boardId}:owner`;
		const type = await redis.type(key);
		if (type === 'none') return undefined;
		const raw = type === 'hash' ? JSON.stringify(await redis.hgetall(key)) : await redis.get(key);
		const text = raw ?? '';
		const instance = instances.find(
			(i) => text === i.id || text.includes(i.url) || new RegExp(`\\b${i.id}\\b`).test(text)
		);
		return { raw: text, instance };
	} finally {
		redis.disconnect();
	}
}

async function measureTakeover(
	cluster: LocalCluster,
	prefix: string,
	boardId: number,
	seeded: BenchBoards,
	clients: Client[],
	writerClients: Set<Client>
): Promise<string> {
	const owner = await boardOwner(prefix, boardId, cluster.instances);
	if (!owner)
		return `not measurable: no board lease at ${prefix}:board:${boardId}:owner (no instance held the board when the bench looked; BENCH_LOG=1 shows the instances' log)`;
	if (!owner.instance) return `not measurable: the lease holds "${owner.raw}", no instance of ours`;
	const victim = owner.instance;
	const writers = clients
		.filter((c) => writerClients.has(c))
		.map((client, i) => ({ client, author: i }));
	// every client watches: after the kill, clients move, and any pair of survivors counts
	const load = startLoad(seeded, writers, clients, RATE);
	load.record(true);
	await sleep(2000);
	const killedAt = Date.now();
	await victim.kill();
	progress(`  killed ${victim.id} (the owner of board ${boardId}, pid gone) at ${killedAt}`);
	const crossed = () =>
		load.arrivals.find(
			(a) =>
				a.cross &&
				a.at - a.latency > killedAt &&
				a.writerInstance !== victim.id &&
				a.observerInstance !== victim.id
		);
	const ok = await waitFor(() => crossed() !== undefined, 30_000);
	const allBack = await waitFor(
		() => clients.every((c) => c.online() && c.instance !== victim.id),
		ok ? 10_000 : 1
	);
	load.stop();
	load.detach();
	const first = crossed();
	if (!ok || !first)
		return `${victim.id} killed: no edit made after the kill crossed between survivors within 30 s`;
	const back = allBack ? 'every client back online on a survivor' : 'not every client back online';
	return `${((first.at - killedAt) / 1000).toFixed(2)} s after kill -9 of ${victim.id} (the owner), an edit made on ${first.writerInstance} reached a client on ${first.observerInstance}; ${back}`;
}

async function runSize(
	instances: number,
	databaseUrl: string,
	seeded: BenchBoards,
	dataDir: string
): Promise<Size> {
	const prefix = `waitwise-bench-${randomBytes(3).toString('hex')}`;
	progress(`\n${instances} instance(s): starting (REDIS_PREFIX ${prefix})…`);
	notices.clear();
	const serverLog: string[] = [];
	const cluster = await startLocalCluster({
		instances,
		port: await freePort(),
		firstInstancePort: 'free',
		databaseUrl,
		redisUrl: REDIS_URL,
		prefix,
		demo: false,
		dataDir: join(dataDir, prefix),
		log: (line) => {
			if (process.env.BENCH_LOG === '1') progress(line);
			serverLog.push(line);
			if (serverLog.length > 200) serverLog.shift();
		}
	}).catch((err: unknown) => {
		progress(serverLog.slice(-30).join('\n'));
		throw err;
	});
	try {
		const boardId = seeded.boardIds[0];
		const cookies = [
			...seeded.writerCookies.slice(0, WRITERS),
			...Array.from(
				{ length: CLIENTS - WRITERS },
				(_, i) => seeded.viewerCookies[i % seeded.viewerCookies.length]
			)
		];
		progress(`  ${CLIENTS} clients on board ${boardId} through HAProxy…`);
		const clients = await connectAll(cluster, boardId, cookies);
		const writerClients = new Set(clients.slice(0, WRITERS));
		const observers = pickObservers(clients, writerClients);
		const writers = clients.slice(0, WRITERS).map((client, i) => ({ client, author: i }));
		progress(`  ${RATE} edits/s for ${WARMUP} + ${SECONDS} s…`);
		const load = startLoad(seeded, writers, observers, RATE);
		await sleep(WARMUP * 1000);
		load.record(true);
		const cpuBefore = process.cpuUsage();
		await sleep(SECONDS * 1000);
		const cpu = process.cpuUsage(cpuBefore);
		load.stop();
		await sleep(1500); // the last edits' arrivals
		load.detach();
		const size: Size = {
			instances,
			same: latency(load, observers, false),
			cross: latency(load, observers, true),
			perInstance: cluster.instances.map((i) => ({
				id: i.id,
				connections: clients.filter((c) => c.instance === i.id && c.online()).length,
				rssMb: rssMb(i.pid())
			})),
			steps: [],
			notices: '',
			clientCores: (cpu.user + cpu.system) / 1e6 / SECONDS
		};
		if (instances > 1) {
			progress('  takeover: kill -9 of the board’s owner…');
			size.takeover = await measureTakeover(
				cluster,
				prefix,
				boardId,
				seeded,
				clients,
				writerClients
			);
			const dead = cluster.instances.find((i) => !i.running());
			if (dead) await dead.restart();
		}
		closeClients(clients);

		// throughput over 3 boards: fewer clients, edits stepped up until p99 or delivery fails
		const stepClients: Client[] = [];
		const stepWriters: { client: Client; author: number }[] = [];
		for (const [b, id] of seeded.boardIds.slice(0, STEP_BOARDS).entries()) {
			const w = seeded.writerCookies.slice(b * STEP_WRITERS, (b + 1) * STEP_WRITERS);
			const v = seeded.viewerCookies.slice(b * STEP_VIEWERS, (b + 1) * STEP_VIEWERS);
			const opened = await connectAll(cluster, id, [...w, ...v]);
			stepClients.push(...opened);
			opened
				.slice(0, STEP_WRITERS)
				.forEach((client, i) => stepWriters.push({ client, author: b * STEP_WRITERS + i }));
		}
		const stepObservers = pickObservers(stepClients, new Set(stepWriters.map((w) => w.client)));
		for (const rate of STEPS) {
			progress(`  throughput: ${rate} edits/s over ${STEP_BOARDS} boards…`);
			// each board's writers and observers: arrivals only count on the writer's own board
			const loads = seeded.boardIds.slice(0, STEP_BOARDS).map((_, b) => {
				const boardClients = new Set(
					stepClients.slice(
						b * (STEP_WRITERS + STEP_VIEWERS),
						(b + 1) * (STEP_WRITERS + STEP_VIEWERS)
					)
				);
				return startLoad(
					seeded,
					stepWriters.filter((w) => boardClients.has(w.client)),
					stepObservers.filter((o) => boardClients.has(o)),
					rate / STEP_BOARDS
				);
			});
			await sleep(1000);
			for (const l of loads) l.record(true);
			await sleep(STEP_SECONDS * 1000);
			for (const l of loads) l.stop();
			await sleep(1500);
			for (const l of loads) l.detach();
			const all = loads.flatMap((l) => l.arrivals.map((a) => a.latency));
			const expected = loads.reduce(
				(sum, l, b) =>
					sum +
					l.edits.length *
						stepObservers.filter((o) =>
							stepClients
								.slice(b * (STEP_WRITERS + STEP_VIEWERS), (b + 1) * (STEP_WRITERS + STEP_VIEWERS))
								.includes(o)
						).length,
				0
			);
			const p99 = percentile(all, 0.99);
			const delivered = expected ? all.length / expected : 0;
			const held = p99 <= P99_LIMIT_MS && delivered >= 0.99;
			size.steps.push({ rate, p99, delivered, held });
			if (!held) break;
		}
		closeClients(stepClients);
		size.notices = [...notices].map(([kind, n]) => `${kind} ×${n}`).join(', ') || 'none';
		return size;
	} finally {
		progress(`  stopping ${instances} instance(s)…`);
		await cluster.stop();
		await dropPrefix(REDIS_URL, prefix);
	}
}

const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const share = (l: Latency) =>
	l.expected ? `${l.arrived}/${l.expected} (${f((100 * l.arrived) / l.expected, 1)}%)` : '–';

function report(sizes: Size[]): void {
	console.log(
		`\nOne board, ${CLIENTS} clients (${WRITERS} writing), ${RATE} edits/s in total, ${SECONDS} s measured, through HAProxy`
	);
	console.log(
		'instances  arrivals at       p50 ms  p99 ms  arrived/expected (observers: 10 per instance)'
	);
	for (const s of sizes) {
		for (const [kind, l] of [
			['same instance', s.same],
			['other instance', s.cross]
		] as const) {
			if (l.expected === 0) continue;
			console.log(
				`${String(s.instances).padStart(9)}  ${kind.padEnd(15)} ${f(l.p50).padStart(7)} ${f(l.p99).padStart(7)}  ${share(l)}`
			);
		}
	}
	console.log(
		`(the clients' own process used ${sizes.map((s) => `${f(s.clientCores, 2)} cores with ${s.instances}`).join(', ')} while measuring)`
	);
	for (const s of sizes.filter((s) => s.instances > 1)) {
		if (s.cross.expected > 0 && s.cross.arrived === 0)
			console.log(
				`\nCross-instance edits did NOT arrive with ${s.instances} instances (0 of ${s.cross.expected}): no instance served the board to the others (BENCH_LOG=1 shows the instances' log, e.g. an owner stepping down).`
			);
	}
	console.log('\nConnections and memory per instance (after the load)');
	for (const s of sizes)
		console.log(
			`${String(s.instances).padStart(9)}  ` +
				s.perInstance.map((i) => `${i.id}: ${i.connections} conns, ${f(i.rssMb)} MB`).join('; ')
		);
	console.log(
		`\nThroughput: ${STEP_BOARDS} boards × (${STEP_WRITERS} writers + ${STEP_VIEWERS} viewers), edits/s in total, ${STEP_SECONDS} s a step; holds while p99 ≤ ${P99_LIMIT_MS} ms and ≥ 99% arrive`
	);
	for (const s of sizes) {
		const steps = s.steps
			.map(
				(t) =>
					`${t.rate}/s: p99 ${f(t.p99)} ms, ${f(100 * t.delivered, 1)}% arrived${t.held ? '' : ' ✗'}`
			)
			.join('; ');
		const held = s.steps.filter((t) => t.held).at(-1);
		if (s.instances > 1 && s.cross.arrived === 0) {
			console.log(
				`${String(s.instances).padStart(9)}  not measurable: edits did not cross instances (${steps})`
			);
			continue;
		}
		console.log(
			`${String(s.instances).padStart(9)}  sustained ${held ? `${held.rate} edits/s` : `< ${STEPS[0]} edits/s`}  (${steps})`
		);
	}
	console.log('\nBoard notices the clients received (saving-paused: commits over 1 s)');
	for (const s of sizes) console.log(`${String(s.instances).padStart(9)}  ${s.notices}`);
	for (const s of sizes.filter((s) => s.takeover))
		console.log(`\nTakeover (${s.instances} instances): ${s.takeover}`);
}

// each Node y-websocket client adds a process 'exit' listener; hundreds are expected here
process.setMaxListeners(0);
const started = Date.now();
const database = await createPostgresDatabase(values['database-url'], 'ww_bench_cluster');
const dataDir = mkdtempSync(join(tmpdir(), 'ww-bench-cluster-'));
try {
	progress(`database ${database.url}: seeding…`);
	const open = await connect(database.url, { max: 2 });
	const seeded = await seedBenchBoards(open, {
		writers: Math.max(WRITERS, STEP_BOARDS * STEP_WRITERS),
		viewers: Math.max(CLIENTS - WRITERS, STEP_BOARDS * STEP_VIEWERS),
		boards: STEP_BOARDS
	});
	await open.close();
	const sizes: Size[] = [];
	for (const n of [...new Set([1, INSTANCES])])
		sizes.push(await runSize(n, database.url, seeded, dataDir));
	report(sizes);
	const load = loadavg().map((l) => l.toFixed(1));
	console.log(
		`\n(${((Date.now() - started) / 1000).toFixed(0)} s in all; ${cpus().length} cores, load average at the end ${load.join(' ')}: clients, HAProxy and instances share them)`
	);
} finally {
	await database.drop();
	rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
