/**
 * One instance's optimiser as a process of its own, for the takeover test to kill for real:
 * the settings come from the environment as a server's do (REDIS_URL, REDIS_PREFIX,
 * DATABASE_URL, INSTANCE_ID), plus LOCK_MS, the queue's job lock. Prints "ready" once its queue
 * worker runs.
 */
import { connect } from '../../db';
import { startOptimiserService } from '../../server/optimiser';
import { clusterConfig } from '../../src/lib/server/cluster/config';
import { startCluster } from '../../src/lib/server/cluster/redis';

const config = clusterConfig();
if (!config) throw new Error('optimiserInstance needs REDIS_URL');
const open = await connect(process.env.DATABASE_URL ?? '', { migrate: false, max: 2 });
const cluster = await startCluster(config, () => {});
startOptimiserService({ db: open.db, cluster, lockMs: Number(process.env.LOCK_MS) });
console.log('ready');
