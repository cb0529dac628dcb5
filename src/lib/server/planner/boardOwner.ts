/**
 * Multi-instance mode: which instance owns a live board. A board's server work (rule checks,
 * reverts, persistence, audit) must happen exactly once, so one instance at a time loads its
 * room; every other instance carries its clients there over a link (boardLink.ts).
 *
 * - The lease is a Redis key (`SET … NX PX`) holding the owner's id and internal address,
 *   renewed by compare-and-renew. An owner that cannot renew it for most of its life steps down
 *   before anyone else may take it; a dead owner's lease expires and the next connection takes it.
 * - The fence is in PostgreSQL: each new owner raises `boards.owner_epoch`, and every commit of
 *   the board's log (and every compaction) checks, in its transaction, that the epoch is still its
 *   own. An owner that was paused or cut off and did not notice writes nothing once replaced.
 *   Taking the epoch waits for a commit in flight (the commit holds the row FOR SHARE), so the new
 *   owner loads a board that holds everything the old one made durable.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../../../db';
import { boards } from '../../../../db/schema';
import { answeredWithin, cluster, type Cluster } from '../cluster/redis';
import { AppError } from '../errors';
import { logFailure } from '../log';
import { registered } from '../registry';

export const LEASE_MS = 4000;
const RENEW_EVERY_MS = 1000;
/** Without a renewal for this long the owner steps down, before the lease can expire. */
const STEP_DOWN_AFTER_MS = LEASE_MS - 1000;
const TICK_MS = RENEW_EVERY_MS / 3;
/** A renewal unanswered this long, by an event loop that was not held up, finds Redis out of reach. */
const ANSWER_WITHIN_MS = 1000;
/** How long taking a lease may wait for Redis. */
const TAKE_TIMEOUT_MS = 2000;

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * The header an instance adds to what it sends a board's owner (a link, a forwarded confirm): the
 * owner never forwards it on, and opens a link only with it. The load balancer strips it.
 */
export const FORWARDED_HEADER = 'x-waitwise-forwarded';

/** This instance's address for the others (INSTANCE_URL, else http://127.0.0.1:$PORT). */
export function instanceUrl(env: NodeJS.ProcessEnv = process.env): string {
	return (env.INSTANCE_URL?.trim() || `http://127.0.0.1:${env.PORT ?? 3000}`).replace(/\/$/, '');
}

/** Another instance owns the board: talk to it at `ownerUrl` (a route that meets it answers 503). */
export class BoardElsewhere extends AppError {
	constructor(
		readonly boardId: number,
		readonly ownerUrl: string,
		readonly ownerId: string
	) {
		super('unavailable', 'The board is moving to another server; try again in a few seconds', {
			headers: { 'retry-after': '2' }
		});
	}
}

/** A commit under an epoch that is no longer the board's: another instance owns it now. */
export class Fenced extends Error {
	constructor(boardId: number) {
		super(`board ${boardId} has a newer owner; this instance stepped down`);
	}
}

/**
 * Redis's answer, or a 503 after TAKE_TIMEOUT_MS: an instance cut off from Redis (its commands
 * wait in the offline queue) refuses the board at once, and the client tries another instance.
 */
function answered<T>(command: Promise<T>): Promise<T> {
	return answeredWithin(
		command,
		TAKE_TIMEOUT_MS,
		'The live board cannot be reached from this server just now; try again in a few seconds'
	);
}

function leaseKey(cluster: Cluster, boardId: number): string {
	return cluster.key('board', boardId, 'owner');
}

export class BoardLease {
	private renewedAt = Date.now();
	private renewing = false;
	private sentAt = 0;
	private lastTick = Date.now();
	private timer: ReturnType<typeof setInterval> | null = null;
	private lost = false;
	/** Called once when the lease is lost (not when released). */
	onLost: () => void = () => {};

	private constructor(
		private readonly cluster: Cluster,
		readonly boardId: number,
		private readonly value: string
	) {}

	/** Takes the board's lease, or throws BoardElsewhere naming the instance that holds it. */
	static async take(cluster: Cluster, boardId: number): Promise<BoardLease> {
		const key = leaseKey(cluster, boardId);
		const value = `${cluster.config.instanceId} ${instanceUrl()}`;
		const taken = await answered(cluster.redis.set(key, value, 'PX', LEASE_MS, 'NX'));
		if (taken === 'OK') {
			const lease = new BoardLease(cluster, boardId, value);
			lease.start();
			return lease;
		}
		const holder = (await answered(cluster.redis.get(key))) ?? '';
		const [ownerId = '', ownerUrl = ''] = holder.split(' ');
		throw new BoardElsewhere(boardId, ownerUrl, ownerId);
	}

	private start(): void {
		this.timer = setInterval(() => this.tick(), TICK_MS);
		this.timer.unref?.();
	}

	/**
	 * Renews the lease every second, and decides when it is lost. Only Redis's answer says the
	 * lease is gone (another instance holds it, or it expired); a renewal left unanswered while
	 * the lease runs out means Redis is out of reach, and the owner steps down before anyone else
	 * can take the board. A tick that comes late because this process's own event loop was held
	 * up (a burst of work) decides nothing: the renewal's answer may be waiting behind it, and a
	 * busy owner must not drop a board it still holds. (Safety never rests on these timings: the
	 * epoch in PostgreSQL refuses a replaced owner's writes.)
	 */
	private tick(): void {
		if (this.lost) return;
		const now = Date.now();
		const heldUp = now - this.lastTick > 2 * TICK_MS;
		this.lastTick = now;
		if (heldUp) return;
		if (this.renewing) {
			if (now - this.sentAt >= ANSWER_WITHIN_MS && now - this.renewedAt >= STEP_DOWN_AFTER_MS)
				this.lose('Redis did not answer the renewal in time');
			return;
		}
		if (now - this.renewedAt >= LEASE_MS) {
			this.lose('could not renew the lease before it ended');
			return;
		}
		if (now - this.renewedAt < RENEW_EVERY_MS) return;
		this.renewing = true;
		const sent = (this.sentAt = now);
		this.cluster.redis
			.eval(RENEW, 1, leaseKey(this.cluster, this.boardId), this.value, LEASE_MS)
			.then((renewed) => {
				if (renewed === 1) this.renewedAt = sent;
				else this.lose('the lease was taken by another instance, or ended');
			})
			.catch((err: unknown) =>
				logFailure('could not renew a board lease', { boardId: this.boardId }, err)
			)
			.finally(() => (this.renewing = false));
	}

	private lose(why: string): void {
		if (this.lost) return;
		console.warn(`[waitwise] board ${this.boardId}: stepping down (${why})`);
		this.stop();
		// still ours in Redis (Redis slow, not gone): free it, so the next connection takes it at once
		void this.cluster.redis
			.eval(RELEASE, 1, leaseKey(this.cluster, this.boardId), this.value)
			.catch(() => {});
		this.onLost();
	}

	private stop(): void {
		this.lost = true;
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
	}

	/** Gives the board up (the room unloaded): the next connection anywhere takes it at once. */
	release(): void {
		const held = !this.lost;
		this.stop();
		if (!held) return;
		void this.cluster.redis
			.eval(RELEASE, 1, leaseKey(this.cluster, this.boardId), this.value)
			.catch(() => {});
	}
}

/**
 * Frees the lease of an owner that is gone: its address refuses connections (nothing listens
 * there: the process died), or it is this very instance's id from before a restart. The clients
 * then need not wait out up to LEASE_MS; the next connection takes the board. Compare-and-delete
 * on exactly the holder that was read, so a newer owner's lease is left alone. Safety does not
 * rest on this: an owner that somehow lived on is refused every write by the epoch the new owner
 * claims, and steps down.
 */
export async function evictGoneOwner(cluster: Cluster, elsewhere: BoardElsewhere): Promise<void> {
	const { boardId, ownerId, ownerUrl } = elsewhere;
	const freed = await answered(
		cluster.redis.eval(RELEASE, 1, leaseKey(cluster, boardId), `${ownerId} ${ownerUrl}`)
	);
	if (freed === 1)
		console.warn(
			`[waitwise] board ${boardId}: its owner ${ownerId} at ${ownerUrl} is gone; taking the board over`
		);
}

/** Raises the board's owner epoch (waiting for a commit in flight) and returns the new one. */
export async function claimEpoch(db: Database, boardId: number): Promise<number> {
	const [row] = await db
		.update(boards)
		.set({ ownerEpoch: sql`${boards.ownerEpoch} + 1` })
		.where(eq(boards.id, boardId))
		.returning({ epoch: boards.ownerEpoch });
	if (!row) throw new Error(`No board ${boardId}`);
	return row.epoch;
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Inside a commit's transaction: throws Fenced unless the board's epoch is still `epoch`. The row
 * stays locked FOR SHARE until the commit ends, so a new owner's claim waits for it.
 */
export async function checkEpoch(tx: Transaction, boardId: number, epoch: number): Promise<void> {
	const [row] = await tx
		.select({ epoch: boards.ownerEpoch })
		.from(boards)
		.where(eq(boards.id, boardId))
		.for('share');
	if (row?.epoch !== epoch) throw new Fenced(boardId);
}

/**
 * Multi-instance mode, for the HTTP routes that act on a loaded room (confirm, resolve): when
 * another instance owns the board, its answer to the same request (cookie and all, so it
 * authenticates it again); null when this instance should act (single-instance mode, the board
 * loaded here, or no owner: the route's roomFor takes it).
 */
export async function ownerAnswer(request: Request, boardId: number): Promise<Response | null> {
	const running = cluster();
	if (!running || registered('boardRooms')?.has(boardId)) return null;
	if (request.headers.has(FORWARDED_HEADER)) return null;
	const holder = await answered(running.redis.get(leaseKey(running, boardId)));
	if (!holder) return null;
	const [ownerId = '', ownerUrl = ''] = holder.split(' ');
	if (ownerId === running.config.instanceId) return null;
	const url = new URL(request.url);
	const headers: Record<string, string> = {};
	request.headers.forEach((value, name) => (headers[name] = value));
	headers.host = request.headers.get('host') ?? url.host;
	headers[FORWARDED_HEADER] = running.config.instanceId;
	delete headers['content-length'];
	delete headers['transfer-encoding'];
	delete headers.connection;
	const body = Buffer.from(await request.arrayBuffer());
	try {
		const answer = await new Promise<IncomingMessage>((resolve, reject) => {
			const out = httpRequest(`${ownerUrl}${url.pathname}${url.search}`, {
				method: request.method,
				headers: { ...headers, 'content-length': String(body.length) },
				timeout: 30_000
			});
			out.once('response', resolve);
			out.once('timeout', () => out.destroy(new Error('no answer')));
			out.once('error', reject);
			out.end(body);
		});
		const chunks: Buffer[] = [];
		for await (const chunk of answer) chunks.push(chunk as Buffer);
		const answerHeaders = new Headers();
		for (const name of ['content-type', 'cache-control'])
			if (answer.headers[name]) answerHeaders.set(name, String(answer.headers[name]));
		return new Response(Buffer.concat(chunks), {
			status: answer.statusCode ?? 502,
			headers: answerHeaders
		});
	} catch (cause) {
		throw new AppError(
			'unavailable',
			'The board is moving to another server; try again in a few seconds',
			{ cause }
		);
	}
}
