/**
 * The Redis side of multi-instance mode: one command connection, one subscriber connection and a
 * small typed pub/sub on top (JSON messages on prefixed channels). Each piece of shared state
 * uses it through `cluster()`: undefined in single-instance mode, so every caller keeps its
 * in-process path for that case.
 */
import { Redis } from 'ioredis';
import { AppError } from '../errors';
import { logFailure } from '../log';
import { register, registered } from '../registry';
import { redisKey, type ClusterConfig } from './config';

type Handler = (message: unknown) => void;

export interface Cluster {
	readonly config: ClusterConfig;
	/** For commands (GET, SET, XADD, EVAL…). Not for SUBSCRIBE. */
	readonly redis: Redis;
	/** A key, stream or channel name under the deployment's prefix. */
	key(...parts: (string | number)[]): string;
	/** Sends a JSON message to every instance (this one included) listening on the channel. */
	publish(channel: string, message: unknown): Promise<void>;
	/** Listens on a channel (under the prefix); returns the unsubscribe. */
	subscribe(channel: string, handler: Handler): () => void;
	/**
	 * Called each time the subscriber connection is back after losing Redis (its channels are
	 * subscribed again): messages sent in between are gone, and a listener catches up another
	 * way. Returns the unsubscribe.
	 */
	onResubscribed(listener: () => void): () => void;
	/** A new connection of its own (blocking reads, an adapter's); closed with the cluster. */
	duplicate(): Redis;
	close(): Promise<void>;
}

/**
 * ioredis reconnects by itself, and an error event must have a listener or it is thrown. While
 * Redis is away every retry fails; the log gets the first failure and the return, not each try.
 */
function watch(connection: Redis, log: (message: string) => void): void {
	let failing = false;
	connection.on('error', (err: Error) => {
		if (failing) return;
		failing = true;
		logFailure('redis connection (retrying until it answers)', {}, err);
	});
	connection.on('ready', () => {
		if (!failing) return;
		failing = false;
		log('Redis: connection back');
	});
}

/** The running cluster connection, or undefined in single-instance mode. */
export function cluster(): Cluster | undefined {
	return registered('cluster');
}

/** Connects to Redis and registers the cluster; resolves once both connections are ready. */
export async function startCluster(
	config: ClusterConfig,
	log: (message: string) => void = console.log
): Promise<Cluster> {
	const options = { maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: true };
	const redis = new Redis(config.redisUrl, options);
	// named, so `CLIENT LIST` shows whose subscriber is whose. Not the command connection: its
	// options are copied into BullMQ's connections (duplicate()), and with a name there a job
	// submitted after Redis died waited forever instead of failing (optimiser-jobs.spec).
	const subscriber = new Redis(config.redisUrl, {
		...options,
		connectionName: `${config.prefix}:${config.instanceId}:subscriber`
	});
	const others: Redis[] = [];
	for (const connection of [redis, subscriber]) watch(connection, log);
	await Promise.all([redis.connect(), subscriber.connect()]);
	log(
		`Redis: ${config.redisUrl.replace(/\/\/[^@/]*@/, '//***@')} (prefix "${config.prefix}", instance ${config.instanceId})`
	);

	const handlers = new Map<string, Set<Handler>>();
	const resubscribed = new Set<() => void>();
	let connected = true;
	subscriber.on('close', () => (connected = false));
	subscriber.on('ready', () => {
		if (connected) return;
		connected = true;
		// 'ready' comes before ioredis sends the SUBSCRIBEs again; a PING sent after them is
		// answered once Redis has them, so from then on nothing more is missed
		process.nextTick(() => {
			subscriber
				.ping()
				.then(() => {
					for (const listener of resubscribed) {
						try {
							listener();
						} catch (err) {
							logFailure('a listener for the return of Redis failed', {}, err);
						}
					}
				})
				.catch((err: unknown) => logFailure('redis subscriber after reconnecting', {}, err));
		});
	});

	subscriber.on('message', (channel: string, raw: string) => {
		let message: unknown;
		try {
			message = JSON.parse(raw);
		} catch (err) {
			logFailure('an unreadable cluster message', { channel }, err);
			return;
		}
		for (const handler of handlers.get(channel) ?? []) {
			try {
				handler(message);
			} catch (err) {
				logFailure('a cluster message handler failed', { channel }, err);
			}
		}
	});

	const key = (...parts: (string | number)[]) => redisKey(config, ...parts);
	const instance: Cluster = {
		config,
		redis,
		key,
		async publish(channel, message) {
			await redis.publish(key('bus', channel), JSON.stringify(message));
		},
		subscribe(channel, handler) {
			const name = key('bus', channel);
			let set = handlers.get(name);
			if (!set) {
				set = new Set();
				handlers.set(name, set);
				void subscriber
					.subscribe(name)
					.catch((err: unknown) => logFailure('redis subscribe', { channel }, err));
			}
			set.add(handler);
			return () => {
				set.delete(handler);
				if (set.size === 0) {
					handlers.delete(name);
					void subscriber.unsubscribe(name).catch(() => {});
				}
			};
		},
		onResubscribed(listener) {
			resubscribed.add(listener);
			return () => resubscribed.delete(listener);
		},
		duplicate() {
			const connection = redis.duplicate();
			watch(connection, log);
			others.push(connection);
			return connection;
		},
		async close() {
			register('cluster', undefined);
			await Promise.all(
				[redis, subscriber, ...others].map((c) => c.quit().catch(() => c.disconnect()))
			);
		}
	};
	register('cluster', instance);
	return instance;
}

/**
 * Redis's answer, or a 503 (`message`) after `ms`: commands sent while Redis is unreachable wait
 * in ioredis's offline queue, and a request must not wait with them; the person (or the load
 * balancer's next try) goes elsewhere or tries again.
 */
export async function answeredWithin<T>(
	command: Promise<T>,
	ms: number,
	message: string
): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new AppError('unavailable', message)), ms);
	});
	try {
		return await Promise.race([command, timeout]);
	} finally {
		clearTimeout(timer);
	}
}
