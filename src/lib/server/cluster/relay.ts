/**
 * An in-process announcement carried to the other instances: the sender delivers to its own
 * listeners itself (at once, Redis or not) and `send`s the message on a cluster channel; every
 * other instance hands what arrives to its own listeners. Each message is tagged with the
 * sender's instance id, so an instance never hears its own twice. Pub/sub, not a stream: a
 * message sent while Redis is unreachable is not replayed, so each user says what covers that.
 */
import { logFailure } from '../log';
import { cluster, type Cluster } from './redis';

interface Relayed {
	from: string;
	message: unknown;
}

export interface Relay<T> {
	/** Sends to the other instances (without waiting for Redis); nothing in single-instance mode. */
	send(message: T): void;
	/** Hands the other instances' messages to `receive`; returns the unsubscribe. */
	follow(instances: Cluster, receive: (message: T) => void): () => void;
}

export function relay<T>(channel: string, isMessage: (message: unknown) => message is T): Relay<T> {
	return {
		send(message) {
			const instances = cluster();
			if (!instances) return;
			const relayed: Relayed = { from: instances.config.instanceId, message };
			instances
				.publish(channel, relayed)
				.catch((err: unknown) => logFailure('not sent to the other instances', { channel }, err));
		},
		follow(instances, receive) {
			return instances.subscribe(channel, (raw) => {
				const relayed = raw as Partial<Relayed> | null;
				if (relayed?.from === instances.config.instanceId) return;
				if (typeof relayed?.from !== 'string' || !isMessage(relayed.message)) {
					logFailure(
						'an unreadable message from another instance',
						{ channel },
						new Error('unreadable')
					);
					return;
				}
				receive(relayed.message);
			});
		}
	};
}
