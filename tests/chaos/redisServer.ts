/**
 * A Redis of the test's own (a child redis-server on a free port, keeping nothing: no RDB, no
 * AOF), so a chaos test can kill it for real and start it again, empty, on the same port. The
 * machine's Redis is never touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { answers } from '../integration/redis';
import { freePort } from './serverProcess';

export interface RedisServer {
	readonly port: number;
	readonly url: string;
	/** kill -9: the data set goes with it. */
	kill(): Promise<void>;
	/** Starts it again on the same port (empty); resolves once it answers PING. */
	start(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Kills every Redis this process started (afterEach, also after a failure). */
export function killAllRedis(): void {
	for (const child of running) child.kill('SIGKILL');
}
process.once('exit', killAllRedis);

export async function startRedisServer(): Promise<RedisServer> {
	const port = await freePort();
	const url = `redis://127.0.0.1:${port}`;
	let child: ChildProcess | null = null;
	let exited: Promise<void> = Promise.resolve();
	const server: RedisServer = {
		port,
		url,
		async start() {
			const started = spawn(
				'redis-server',
				[
					'--port',
					String(port),
					'--bind',
					'127.0.0.1',
					'--save',
					'',
					'--appendonly',
					'no',
					'--daemonize',
					'no'
				],
				{ stdio: 'ignore' }
			);
			child = started;
			running.add(started);
			exited = new Promise((resolve) =>
				started.once('exit', () => {
					running.delete(started);
					resolve();
				})
			);
			for (let i = 0; i < 100; i++) {
				if (await answers(url)) return;
				if (started.exitCode !== null) break;
				await new Promise((r) => setTimeout(r, 50));
			}
			throw new Error(`redis-server did not start on port ${port}`);
		},
		async kill() {
			child?.kill('SIGKILL');
			await exited;
		}
	};
	await server.start();
	return server;
}
