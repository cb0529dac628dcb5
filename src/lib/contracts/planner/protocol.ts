/**
 * Message types on /yjs/<boardId>. 0–3 are y-websocket's own (sync, awareness, auth, query
 * awareness); NOTICE is ours: the server telling one client why it refused something.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
export const MESSAGE_NOTICE = 100;

export interface Notice {
	/**
	 * `saving-paused`: the server cannot write to the database just now; edits are held safely in
	 * order (or refused, when even that is impossible) and written when it returns.
	 * `saving-resumed`: everything held has been written. `board-full`: the board's document has
	 * reached its size limit and the change was refused.
	 */
	kind:
		| 'read-only'
		| 'locked'
		| 'invalid'
		| 'rate-limit'
		| 'too-large'
		| 'saving-paused'
		| 'saving-resumed'
		| 'board-full';
	message: string;
	pathwayIds?: number[];
}

/**
 * Limits on one connection: a message's size, and two token buckets, one on messages and one on
 * bytes per second (a few large messages cost as much to decode and check as many small ones).
 * The byte burst fits two messages of the largest size.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
export const RATE_BURST = 400;
export const RATE_PER_SECOND = 200;
export const RATE_BYTES_BURST = 2 * MAX_MESSAGE_BYTES;
export const RATE_BYTES_PER_SECOND = 256 * 1024;
