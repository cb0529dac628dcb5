/**
 * The board server (tests/chaos/boardServer.ts) as a real child process: started with tsx, killed
 * with a real SIGKILL, restarted on the same port and data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = fileURLToPath(new URL('./boardServer.ts', import.meta.url));

export interface ServerSettings {
	port: number;
	/** DATABASE_URL: a PGlite folder or a postgres:// URL. */
	databaseUrl: string;
	/** DATA_DIR: local state that must survive restarts (a write-ahead log, for one). */
	dataDir: string;
	/** More environment (REDIS_URL, REDIS_PREFIX, INSTANCE_ID for a cluster's instance). */
	env?: Record<string, string>;
}

export interface BoardServerProcess {
	readonly pid: number;
	readonly url: string;
	readonly wsUrl: string;
	/** Resolves with the exit code (or signal) once the process has gone. */
	readonly exited: Promise<string>;
	/** How it ended, or null while it runs (a crash shows here without anyone killing it). */
	exitStatus(): string | null;
	/** kill -9: no shutdown handler runs. */
	kill(): Promise<void>;
	/** SIGTERM: the graceful shutdown production does. */
	stop(): Promise<void>;
}

/** A free loopback port (asked of the OS, then released for the server to take). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/** Everything the servers printed, newest last, for a failing test's message. */
export const serverLog: string[] = [];
const LOG_LINES = 400;

function remember(line: string): void {
	if (process.env.CHAOS_LOG === '1') console.log(`[server] ${line}`);
	serverLog.push(line);
	if (serverLog.length > LOG_LINES) serverLog.splice(0, serverLog.length - LOG_LINES);
}

const running = new Set<ChildProcess>();

/** Kills every server this process started (afterAll, also after a failure). */
export function killAllServers(): void {
	for (const child of running) child.kill('SIGKILL');
}
process.once('exit', killAllServers);

/**
 * Starts the server and resolves once it listens; rejects if it exits first (with its output)
 * or does not listen within `timeoutMs`.
 */
export async function startBoardServer(
	settings: ServerSettings,
	timeoutMs = 60_000
): Promise<BoardServerProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			PORT: String(settings.port),
			DATABASE_URL: settings.databaseUrl,
			DATA_DIR: settings.dataDir,
			WAITWISE_DEMO: '0',
			...settings.env,
			// the server is not under Vitest, whatever started it
			VITEST: undefined
		}
	});
	running.add(child);
	let exitStatus: string | null = null;
	const exited = new Promise<string>((resolve) =>
		child.once('exit', (code, signal) => {
			running.delete(child);
			exitStatus = signal ?? `exit code ${code}`;
			resolve(exitStatus);
		})
	);
	createInterface({ input: child.stderr! }).on('line', (line) => remember(line));
	const listening = new Promise<void>((resolve) => {
		createInterface({ input: child.stdout! }).on('line', (line) => {
			remember(line);
			if (line.startsWith('listening ')) resolve();
		});
	});
	let timer: ReturnType<typeof setTimeout> | undefined;
	const outcome = await Promise.race([
		listening.then(() => 'listening'),
		exited.then((code) => `exited (${code})`),
		new Promise<string>((resolve) => {
			timer = setTimeout(() => resolve(`did not listen within ${timeoutMs} ms`), timeoutMs);
		})
	]);
	clearTimeout(timer);
	if (outcome !== 'listening') {
		child.kill('SIGKILL');
		throw new Error(`board server ${outcome}:\n${serverLog.slice(-40).join('\n')}`);
	}
	const url = `http://127.0.0.1:${settings.port}`;
	return {
		pid: child.pid!,
		url,
		wsUrl: `ws://127.0.0.1:${settings.port}/yjs`,
		exited,
		exitStatus: () => exitStatus,
		async kill() {
			child.kill('SIGKILL');
			await exited;
		},
		async stop() {
			child.kill('SIGTERM');
			const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
			await exited;
			clearTimeout(timeout);
		}
	};
}

export interface Health {
	status: number;
	body: { status?: string } | null;
}

export async function health(url: string): Promise<Health> {
	try {
		const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
		const text = await res.text();
		let body: Health['body'] = null;
		try {
			body = JSON.parse(text) as Health['body'];
		} catch {
			body = null;
		}
		return { status: res.status, body };
	} catch {
		return { status: 0, body: null };
	}
}

export const isHealthy = (h: Health) => h.status === 200 && h.body?.status === 'ok';
