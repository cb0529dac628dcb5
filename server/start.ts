/**
 * The one start-up path, for `npm start` (server/index.ts) and `npm run dev` (vite.config.ts):
 * opens the database, then attaches and starts every service on the given HTTP server. A new
 * service is started (and stopped) here, and both entries get it.
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { OpenDatabase } from '../db';
import { startSnapshotService } from '../src/lib/server/dashboards/snapshots';
import { clusterConfig } from '../src/lib/server/cluster/config';
import { startCluster } from '../src/lib/server/cluster/redis';
import { startOptimiserService } from './optimiser';
import { attachRealtime } from './realtime';
import { healthz, isHealthz, startServices, type StartOptions } from './services';

export interface Waitwise {
	open: OpenDatabase;
	/** Answers GET /healthz; false for any other request. */
	handleHealthz(req: IncomingMessage, res: ServerResponse): boolean;
	/** Stops every service (live connections, the optimiser, snapshots); the caller closes the HTTP server and the database. */
	close(): Promise<void>;
}

export async function startWaitwise(
	httpServer: HttpServer,
	options: StartOptions = {}
): Promise<Waitwise> {
	// bad multi-instance settings stop the start before the database is touched
	const config = clusterConfig(options.env);
	const { open } = await startServices(options);
	const cluster = config ? await startCluster(config, options.log) : undefined;
	const realtime = attachRealtime(httpServer);
	const optimiser = startOptimiserService({ db: open.db, cluster });
	const snapshots = startSnapshotService(open.db, options.log);
	return {
		open,
		handleHealthz(req, res) {
			if (!isHealthz(req)) return false;
			void healthz(open, res);
			return true;
		},
		async close() {
			await realtime.close();
			await optimiser.close();
			await snapshots.close();
			await cluster?.close();
		}
	};
}
