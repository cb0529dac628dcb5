/**
 * A throwaway PostgreSQL cluster of our own (initdb into a temporary folder, its own port and
 * socket directory), so outage tests can stop and start a real server. The machine's shared
 * PostgreSQL is never touched. As root, every PostgreSQL binary runs as the `postgres` user.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './serverProcess';

const run = promisify(execFile);

/** The folder holding initdb and pg_ctl (CHAOS_PG_BIN, else the newest /usr/lib/postgresql/N/bin). */
export function postgresBinaries(): string | null {
	const configured = process.env.CHAOS_PG_BIN;
	if (configured) return existsSync(join(configured, 'initdb')) ? configured : null;
	const base = '/usr/lib/postgresql';
	if (!existsSync(base)) return null;
	const versions = readdirSync(base)
		.filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(base, versions[0], 'bin') : null;
}

export interface ThrowawayCluster {
	port: number;
	/** postgres://… for the cluster's `postgres` database. */
	url: string;
	start(): Promise<void>;
	/** Stops at once (`-m immediate`): what a crash or a pulled cable looks like to clients. */
	stop(): Promise<void>;
	/** Stops it if running and deletes its folder. */
	destroy(): Promise<void>;
}

const clusters = new Set<ThrowawayCluster>();

/** Destroys every cluster this process made (afterAll, also after a failure). */
export async function destroyAllClusters(): Promise<void> {
	await Promise.all([...clusters].map((c) => c.destroy()));
}

export async function createCluster(bin: string): Promise<ThrowawayCluster> {
	const root = mkdtempSync(join(tmpdir(), 'ww-chaos-pg-'));
	// the postgres user must be able to reach its folders under ours
	chmodSync(root, 0o777);
	const dataDir = join(root, 'data');
	const port = await freePort();
	const asPostgresArgs = (command: string, args: string[]): [string, string[]] =>
		process.getuid?.() === 0
			? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]]
			: [join(bin, command), args];
	const asPostgres = async (command: string, args: string[]) => {
		await run(...asPostgresArgs(command, args), { cwd: root, timeout: 120_000 });
	};
	await asPostgres('initdb', [
		'-D',
		dataDir,
		'-U',
		'postgres',
		'--auth=trust',
		'--no-sync',
		'-E',
		'UTF8'
	]);
	const pgCtl = (action: string, extra: string[] = []) =>
		asPostgres('pg_ctl', ['-D', dataDir, '-w', '-t', '60', ...extra, action]);
	let running = false;
	const cluster: ThrowawayCluster = {
		port,
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		async start() {
			await pgCtl('start', [
				'-l',
				join(root, 'server.log'),
				'-o',
				`-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=on`
			]);
			running = true;
		},
		async stop() {
			await pgCtl('stop', ['-m', 'immediate']);
			running = false;
		},
		async destroy() {
			if (!clusters.delete(cluster)) return;
			if (running) await cluster.stop().catch(() => {});
			rmSync(root, { recursive: true, force: true });
		}
	};
	clusters.add(cluster);
	// if the test process ends without afterAll (a crash, a timeout), the cluster still goes
	const onExit = () => {
		if (!clusters.has(cluster)) return;
		try {
			if (running)
				execFileSync(...asPostgresArgs('pg_ctl', ['-D', dataDir, 'stop', '-m', 'immediate']));
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	};
	process.once('exit', onExit);
	await cluster.start();
	return cluster;
}
