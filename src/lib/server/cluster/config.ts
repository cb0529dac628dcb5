/**
 * Multi-instance mode: on when REDIS_URL is set. Several Waitwise processes then share one
 * PostgreSQL (DATABASE_URL, required) and one Redis; REDIS_PREFIX names every key, stream and
 * channel they use there, so several deployments or test runs can share one Redis without
 * seeing each other. Without REDIS_URL nothing changes: one process, the embedded database or
 * PostgreSQL, no Redis.
 */
import { randomBytes } from 'node:crypto';
import { configuredDatabaseUrl, databaseKind } from '../../../../db';

export interface ClusterConfig {
	redisUrl: string;
	/** Prefix of every Redis key, stream and channel, without the separator. */
	prefix: string;
	/** This process's name in the cluster (INSTANCE_ID, else host-pid-random). */
	instanceId: string;
}

/** REDIS_PREFIX and INSTANCE_ID: no separators (":" in keys, " " in lease values). */
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** The cluster settings, or null in single-instance mode; throws a clear error on bad settings. */
export function clusterConfig(env: NodeJS.ProcessEnv = process.env): ClusterConfig | null {
	const redisUrl = env.REDIS_URL?.trim();
	if (!redisUrl) return null;
	if (!/^rediss?:\/\//.test(redisUrl))
		throw new Error(`REDIS_URL must start with redis:// or rediss:// (it is "${redisUrl}")`);
	if (databaseKind(configuredDatabaseUrl(env)) !== 'postgres')
		throw new Error(
			'REDIS_URL turns on multi-instance mode, which needs DATABASE_URL to point at PostgreSQL: instances cannot share an embedded database'
		);
	const prefix = env.REDIS_PREFIX?.trim() || 'waitwise';
	if (!NAME.test(prefix))
		throw new Error(
			`REDIS_PREFIX may hold only letters, digits, "_", "." and "-", at most 64 of them (it is "${prefix}")`
		);
	const instanceId =
		env.INSTANCE_ID?.trim() ||
		`${(env.HOSTNAME ?? 'host').replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 40)}-${process.pid}-${randomBytes(3).toString('hex')}`;
	if (!NAME.test(instanceId))
		throw new Error(
			`INSTANCE_ID may hold only letters, digits, "_", "." and "-", at most 64 of them (it is "${instanceId}"): it is written into board leases and connection names`
		);
	return { redisUrl, prefix, instanceId };
}

/** A Redis key, stream or channel name under the deployment's prefix. */
export function redisKey(
	config: Pick<ClusterConfig, 'prefix'>,
	...parts: (string | number)[]
): string {
	return [config.prefix, ...parts].join(':');
}
