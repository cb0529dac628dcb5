/**
 * A Waitwise server process of a test's own (on its own port and embedded database), for tests
 * that stop and start it or need an empty instance; the shared server of the other tests keeps
 * running.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface OwnServer {
	process: ChildProcess;
	/** What it has printed so far (standard output and error). */
	output(): string;
}

/** Starts `server/index.ts` with `env` over this process's environment. */
export function startOwnServer(port: number, env: NodeJS.ProcessEnv): OwnServer {
	let output = '';
	// node itself, not npx, so that SIGTERM reaches the server and its graceful shutdown runs
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
		env: { ...process.env, PORT: String(port), ORIGIN: `http://localhost:${port}`, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	return { process: child, output: () => output };
}

/** Waits until the server answers /healthz with 200. */
export async function healthy(port: number): Promise<void> {
	for (let i = 0; i < 240; i++) {
		try {
			if ((await fetch(`http://localhost:${port}/healthz`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`the server on port ${port} did not become healthy`);
}

export async function stopOwnServer(server: OwnServer): Promise<void> {
	if (server.process.exitCode !== null) return;
	const exited = new Promise((r) => server.process.once('exit', r));
	server.process.kill('SIGTERM');
	await exited;
}
