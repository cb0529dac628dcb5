/**
 * npm run bench:sync — N coordinators (real y-websocket WebsocketProvider clients in Node)
 * editing one board over loopback, plus read-only viewers, against our server and against the
 * reference y-websocket server (@y/websocket-server 0.1.1's setupWSConnection) under the same
 * load. Prints propagation latency (p50/p99, measured at a sample of viewers), updates per
 * second and server memory, and the ratio of our p99 to the reference's. Latency is read from each
 * edit's `at` (the time it was made, ISO with millisecond resolution), which writers set as the app
 * does, so our server keeps their edits as written.
 *
 * Options: --writers 2,20,100  --viewers 200  --seconds 10  --rate 1 (edits per writer per second)
 *          --warmup 2 (seconds of edits before measuring, for both servers: JIT, first queries)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const { values } = parseArgs({
	options: {
		writers: { type: 'string', default: '2,20,100' },
		viewers: { type: 'string', default: '200' },
		seconds: { type: 'string', default: '10' },
		rate: { type: 'string', default: '1' },
		warmup: { type: 'string', default: '2' }
	}
});
const WRITER_COUNTS = values.writers.split(',').map(Number);
const VIEWERS = Number(values.viewers);
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const WARMUP = Number(values.warmup);
const OBSERVERS = 10;

interface ServerConfig {
	port: number;
	boardId: number | string;
	writerCookies: string[];
	/** Who each writer is signed in as: edits carry it, as the app's do. */
	writerAuthors: { id: number; name: string }[];
	viewerCookies: string[];
	pathwayIds: number[];
	sessionIds: number[];
}

async function startServer(
	kind: string,
	writers: number
): Promise<{ child: ChildProcess; config: ServerConfig }> {
	const child = spawn(
		process.execPath,
		[
			'--expose-gc',
			'--import',
			'tsx',
			'scripts/bench/sync-server.ts',
			'--kind',
			kind,
			'--writers',
			String(writers),
			'--viewers',
			String(VIEWERS)
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] }
	);
	const line = await new Promise<string>((resolve, reject) => {
		const rl = createInterface({ input: child.stdout! });
		rl.once('line', resolve);
		child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
	});
	return { child, config: JSON.parse(line) as ServerConfig };
}

function client(config: ServerConfig, cookie: string) {
	class CookieWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: cookie ? { cookie } : {} });
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(
		`ws://127.0.0.1:${config.port}/yjs`,
		String(config.boardId),
		doc,
		{
			WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true
		}
	);
	return { doc, provider };
}

const synced = (p: WebsocketProvider) =>
	new Promise<void>((resolve) => (p.synced ? resolve() : p.once('sync', () => resolve())));

const percentile = (sorted: number[], q: number) =>
	sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;

interface Result {
	kind: string;
	writers: number;
	viewers: number;
	edits: number;
	p50: number;
	p99: number;
	updatesPerSecond: number;
	rssMb: number;
	heapMb: number;
}

async function run(kind: string, writers: number): Promise<Result> {
	const { child, config } = await startServer(kind, writers);
	try {
		const writerClients = config.writerCookies.map((c) => client(config, c));
		const viewerClients = config.viewerCookies.map((c) => client(config, c));
		await Promise.all([...writerClients, ...viewerClients].map((c) => synced(c.provider)));

		// Latency: each edit carries its send time; observers note when it arrives.
		const latencies: number[] = [];
		let received = 0;
		let measuring = false;
		for (const v of viewerClients.slice(0, OBSERVERS)) {
			v.doc.getMap<{ at: string }>('allocations').observe((event) => {
				const now = Date.now();
				for (const key of event.keysChanged) {
					const value = event.target.get(key) as { at?: string } | undefined;
					const sent = Date.parse(value?.at ?? '');
					if (measuring && Number.isFinite(sent)) {
						latencies.push(now - sent);
						received++;
					}
				}
			});
		}

		let edits = 0;
		let started = performance.now();
		const timers = writerClients.map((w, i) => {
			// writers start spread over one period, so the load is steady rather than bursty
			const period = 1000 / RATE;
			let n = 0;
			const tick = () => {
				const pathwayId = config.pathwayIds[(i * 7919 + n * 104729) % config.pathwayIds.length];
				const sessionId = config.sessionIds[(i + n) % config.sessionIds.length];
				n++;
				edits++;
				w.doc.getMap('allocations').set(String(pathwayId), {
					sessionId,
					by: config.writerAuthors[i],
					at: new Date().toISOString()
				});
			};
			const timer: { first?: NodeJS.Timeout; every?: NodeJS.Timeout } = {};
			timer.first = setTimeout(
				() => {
					tick();
					timer.every = setInterval(tick, period);
				},
				(i * period) / writers
			);
			return timer;
		});
		await new Promise((r) => setTimeout(r, WARMUP * 1000));
		measuring = true;
		edits = 0;
		started = performance.now();
		await new Promise((r) => setTimeout(r, SECONDS * 1000));
		for (const t of timers) {
			clearTimeout(t.first);
			clearInterval(t.every);
		}
		await new Promise((r) => setTimeout(r, 1000)); // let the last edits arrive
		const elapsed = (performance.now() - started) / 1000;
		const mem = (await (await fetch(`http://127.0.0.1:${config.port}/mem`)).json()) as {
			rss: number;
			heapUsed: number;
		};
		for (const c of [...writerClients, ...viewerClients]) {
			c.provider.destroy();
			c.doc.destroy();
		}
		latencies.sort((a, b) => a - b);
		return {
			kind,
			writers,
			viewers: VIEWERS,
			edits,
			p50: percentile(latencies, 0.5),
			p99: percentile(latencies, 0.99),
			updatesPerSecond: received / OBSERVERS / elapsed,
			rssMb: mem.rss / 2 ** 20,
			heapMb: mem.heapUsed / 2 ** 20
		};
	} finally {
		child.kill('SIGKILL');
	}
}

// each Node y-websocket client adds a process 'exit' listener; hundreds are expected here
process.setMaxListeners(0);
const results: Result[] = [];
for (const writers of WRITER_COUNTS) {
	for (const kind of ['waitwise', 'reference']) {
		process.stderr.write(`${kind}: ${writers} writers + ${VIEWERS} viewers for ${SECONDS} s…\n`);
		results.push(await run(kind, writers));
	}
}

const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
console.log('\nserver     writers viewers  edits  p50 ms  p99 ms  updates/s  rss MB  heap MB');
for (const r of results) {
	console.log(
		`${r.kind.padEnd(10)} ${String(r.writers).padStart(7)} ${String(r.viewers).padStart(7)} ${String(r.edits).padStart(6)} ${f(r.p50).padStart(7)} ${f(r.p99).padStart(7)} ${f(r.updatesPerSecond).padStart(10)} ${f(r.rssMb, 0).padStart(7)} ${f(r.heapMb, 0).padStart(8)}`
	);
}
console.log('\np99 ratio (waitwise / reference):');
for (const writers of WRITER_COUNTS) {
	const ours = results.find((r) => r.kind === 'waitwise' && r.writers === writers)!;
	const ref = results.find((r) => r.kind === 'reference' && r.writers === writers)!;
	console.log(`  ${String(writers).padStart(3)} writers: ${f(ours.p99 / ref.p99, 2)}×`);
}
process.exit(0);
