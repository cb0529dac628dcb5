/**
 * How a board's accepted updates become durable, apart from the sync protocol (room.ts).
 *
 * An update is *accepted* once the server relays it to another client or acknowledges it (sends
 * it back in any sync message). Nothing is sent before the update is durable, so an accepted
 * update survives `kill -9` at any instant and a database outage:
 *
 * - healthy: group commit. Updates are gathered into a batch while the previous batch commits;
 *   each batch is one transaction (update rows and their audit rows). Everything the room sends
 *   that carries doc data waits behind the batch holding the state it shows (`afterDurable`).
 * - the database fails or does not answer within COMMIT_TIMEOUT_MS: that batch and every later one
 *   is appended to the local write-ahead log (fsync'd per batch) before it is relayed, editors are
 *   told saving is paused, and a drain loop writes the log to the database strictly in order when
 *   it returns, then deletes it and says saving has resumed.
 * - the log cannot be written either (disk full): the batch is held, in order, and retried; later
 *   updates wait behind it, and nothing of it is relayed (editors keep their own copy and see
 *   saving paused). The update log never holds a gap: nothing later is written before it.
 *
 * Persisting before relaying, not the local log, is what keeps an edit safe when a server dies for
 * good with several servers on one PostgreSQL; the log only bridges an outage.
 */
import { logFailure } from '../log';
import * as Y from 'yjs';
import type { Database, OpenDatabase } from '../../../../db';
import { boardUpdates } from '../../../../db/schema';
import { writeAudit, type AuditEntry } from '../audit';
import { AppError } from '../errors';
import { checkEpoch, Fenced } from './boardOwner';
import { writeAheadLogFor, type LogBatch, type WriteAheadLog } from './writeAheadLog';
import { shared } from '../registry';

/** A commit slower than this counts as failed: editors must learn within 2 s that saving paused. */
export const COMMIT_TIMEOUT_MS = 1000;
/** Draining the local log: batches per transaction, and how long one may take. */
const DRAIN_CHUNK = 100;
const DRAIN_TIMEOUT_MS = 5000;
/** Retries against a database that is down back off to at most this. */
const MAX_RETRY_MS = 1000;

export interface BoardLogHooks {
	/** The audit rows gathered since the last batch, written with it. */
	takeAudits(): AuditEntry[];
	/** After a batch is committed to the database (the room compacts the log now and then). */
	committed(rows: number): void;
	/** Saving paused (held in the local log, or held in memory) or resumed. */
	savingChanged(paused: boolean): void;
	/** A commit was refused: another instance owns the board now (multi-instance mode). */
	fenced?(): void;
}

interface Batch {
	byAuthor: Map<number | null, Uint8Array[]>;
	sealed: LogBatch | null;
	/** Sends that show this batch's state: they run once it is durable, in order. */
	then: (() => void)[];
	updates: number;
}

/**
 * A board cannot open while its log holds updates the database does not have yet. Said to the
 * person opening that board, who knows it by name (the log's own messages name it by id).
 */
const boardNotReady = (cause: unknown) =>
	new AppError(
		'unavailable',
		'This board has saved changes waiting for the database; it opens when the database is back',
		{ cause }
	);

export class BoardLog {
	/** At most two: the batch being made durable, then the one gathering updates. */
	private queue: Batch[] = [];
	private working = false;
	private idle: (() => void)[] = [];
	private mode: 'database' | 'log' = 'database';
	private appending = false;
	private draining = false;
	/** A drain pass is writing the log to the database (the loop's or the worker's, never both). */
	private drainBusy = false;
	/** The last drain pass wrote everything it read: the database is back. */
	private caughtUp = false;
	/** Batches of the log file already written to the database by this drain. */
	private drained = 0;
	/** The log's append count once this board loaded (its file written and deleted by then). */
	private appendsAtLoad = 0;
	private closed = false;
	paused = false;
	/** Neither the database nor the local log took the batch at the head of the queue. */
	holding = false;
	/**
	 * Multi-instance mode: the owner epoch this instance holds the board under; every commit checks
	 * it (boardOwner.ts). Null in single-instance mode.
	 */
	fence: number | null = null;

	constructor(
		readonly boardId: number,
		private readonly open: OpenDatabase,
		private readonly hooks: BoardLogHooks,
		private readonly wal: WriteAheadLog = writeAheadLogFor(open)
	) {
		liveLogs().add(this);
	}

	/** Writes what an earlier run left in the local log, before the board loads from the database. */
	async replay(): Promise<void> {
		try {
			await drainFile(this.open.db, this.wal, this.boardId);
		} catch (err) {
			throw boardNotReady(err);
		}
		this.appendsAtLoad = this.wal.appendCount(this.boardId);
	}

	/** Queues an update (null: only audit rows are due) for the next batch. */
	add(update: Uint8Array | null, userId: number | null): void {
		let batch = this.queue.at(-1);
		if (!batch || batch.sealed) {
			batch = { byAuthor: new Map(), sealed: null, then: [], updates: 0 };
			this.queue.push(batch);
		}
		if (update) {
			const list = batch.byAuthor.get(userId) ?? [];
			list.push(update);
			batch.byAuthor.set(userId, list);
			batch.updates++;
		}
		if (!this.working) {
			this.working = true;
			// updates that arrive in the same turn of the event loop share the commit
			setImmediate(() => void this.work());
		}
	}

	/** Runs `send` once everything queued so far is durable (at once when nothing is pending). */
	afterDurable(send: () => void): void {
		const last = this.queue.at(-1);
		if (last) last.then.push(send);
		else send();
	}

	/** Updates accepted into the room that are not yet durable. */
	pendingUpdates(): number {
		return this.queue.reduce((n, b) => n + b.updates, 0);
	}

	/** Resolves once everything queued so far is durable (in the database or the local log). */
	flush(): Promise<void> {
		if (!this.working && this.queue.length === 0) return Promise.resolve();
		return new Promise((resolve) => this.idle.push(resolve));
	}

	/** Stops the drain loop; what the log holds stays for start-up or the next load. */
	close(): void {
		this.closed = true;
		liveLogs().delete(this);
	}

	get database(): OpenDatabase {
		return this.open;
	}

	private async work(): Promise<void> {
		try {
			while (this.queue.length) {
				const batch = this.queue[0];
				batch.sealed ??= this.seal(batch);
				await this.makeDurable(batch.sealed);
				this.queue.shift();
				for (const send of batch.then) {
					try {
						send();
					} catch (err) {
						logFailure('could not send an update', { boardId: this.boardId }, err);
					}
				}
			}
		} catch (err) {
			if (!(err instanceof Fenced)) throw err;
			// nothing queued was relayed, so nothing of it was accepted: the clients still hold it
			// and send it to the new owner when they reconnect there
			this.queue = [];
			this.hooks.fenced?.();
		} finally {
			this.working = false;
			for (const resolve of this.idle.splice(0)) resolve();
		}
	}

	private seal(batch: Batch): LogBatch {
		const rows = [...batch.byAuthor].map(([userId, updates]) => ({
			userId,
			update: updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)
		}));
		return { rows, audits: this.hooks.takeAudits() };
	}

	private async makeDurable(batch: LogBatch): Promise<void> {
		if (batch.rows.length === 0 && batch.audits.length === 0) return;
		for (let attempt = 0; ; attempt++) {
			if (this.mode === 'log' && this.caughtUp && !this.drainBusy) {
				await this.drainPass().catch(() => (this.caughtUp = false));
			}
			if (this.mode === 'database') {
				try {
					await withTimeout(
						writeBatches(this.open.db, this.boardId, [batch], this.fence),
						COMMIT_TIMEOUT_MS
					);
					// a batch held while the log could not be written is now saved
					this.holding = false;
					this.setPaused(false);
					// the room compacts in the background: saving never waits for it
					this.hooks.committed(batch.rows.length);
					return;
				} catch (err) {
					if (err instanceof Fenced) throw err;
					logFailure(
						'the database did not take an update; keeping it in the local log',
						{ boardId: this.boardId },
						err
					);
					this.mode = 'log';
					this.setPaused(true);
					void this.drain();
				}
			}
			this.appending = true;
			try {
				await this.wal.append(this.boardId, batch);
				this.holding = false;
				return;
			} catch (err) {
				if (!this.holding)
					logFailure(
						'could not write the local log either; holding the update',
						{ boardId: this.boardId },
						err
					);
				this.holding = true;
				this.setPaused(true);
			} finally {
				this.appending = false;
			}
			await sleep(retryDelay(attempt));
		}
	}

	/**
	 * Retries the database until it takes what the local log holds. Under steady editing an append
	 * lands during almost every pass, so once a pass has caught up, the worker (the only writer to
	 * the log) finishes the drain before its next batch: nothing can be appended meanwhile.
	 */
	private async drain(): Promise<void> {
		if (this.draining) return;
		this.draining = true;
		try {
			for (let attempt = 0; !this.closed && this.mode === 'log'; attempt++) {
				await sleep(retryDelay(attempt));
				if (this.closed || this.mode !== 'log' || this.drainBusy) continue;
				try {
					if (await this.drainPass()) return;
					this.caughtUp = true;
					attempt = -1;
				} catch (err) {
					this.caughtUp = false;
					if (attempt === 0)
						logFailure(
							'the database is still unavailable; retrying',
							{ boardId: this.boardId },
							err
						);
				}
			}
		} finally {
			this.draining = false;
		}
	}

	/**
	 * Writes what the log holds beyond `drained`, in order; when nothing was appended meanwhile,
	 * deletes the log and returns to writing to the database (true).
	 */
	private async drainPass(): Promise<boolean> {
		this.drainBusy = true;
		try {
			const before = this.wal.appendCount(this.boardId);
			// nothing appended since the board loaded: nothing to read (the log may be unreadable)
			const batches = before === this.appendsAtLoad ? [] : await this.wal.read(this.boardId);
			await writeInChunks(
				this.open.db,
				this.boardId,
				batches.slice(this.drained),
				(n) => (this.drained += n)
			);
			if (this.appending || this.wal.appendCount(this.boardId) !== before || this.closed)
				return false;
			this.mode = 'database';
			this.drained = 0;
			this.caughtUp = false;
			if (before !== this.appendsAtLoad) await this.wal.clearIfUnchanged(this.boardId, before);
			if (!this.holding) this.setPaused(false);
			return true;
		} finally {
			this.drainBusy = false;
		}
	}

	private setPaused(paused: boolean): void {
		if (this.paused === paused) return;
		this.paused = paused;
		this.hooks.savingChanged(paused);
	}
}

/**
 * Appends batches to the update log in one transaction, each with its audit rows; with a fence,
 * only while the board's owner epoch is still that one.
 */
async function writeBatches(
	db: Database,
	boardId: number,
	batches: LogBatch[],
	fence: number | null = null
): Promise<void> {
	await db.transaction(async (tx) => {
		if (fence !== null) await checkEpoch(tx, boardId, fence);
		for (const batch of batches) {
			if (batch.rows.length)
				await tx.insert(boardUpdates).values(batch.rows.map((r) => ({ boardId, ...r })));
			for (const audit of batch.audits) await writeAudit(tx, audit);
		}
	});
}

/** Writes a board's log file to the database and deletes it (unless it grew meanwhile). */
async function drainFile(db: Database, wal: WriteAheadLog, boardId: number): Promise<void> {
	if (!wal.boards().includes(boardId)) return;
	const before = wal.appendCount(boardId);
	const batches = await wal.read(boardId);
	await writeInChunks(db, boardId, batches);
	await wal.clearIfUnchanged(boardId, before);
}

/**
 * Writes a log's batches in order, a bounded chunk per transaction: a ten-minute outage can leave
 * more than one commit should carry. Reports each chunk written, so a retry starts after it.
 */
async function writeInChunks(
	db: Database,
	boardId: number,
	batches: LogBatch[],
	written: (count: number) => void = () => {}
): Promise<void> {
	for (let i = 0; i < batches.length; i += DRAIN_CHUNK) {
		const chunk = batches.slice(i, i + DRAIN_CHUNK);
		await withTimeout(writeBatches(db, boardId, chunk), DRAIN_TIMEOUT_MS);
		written(chunk.length);
	}
}

// Rooms are loaded from the server's and SvelteKit's copies of this module: one registry for both.
function liveLogs(): Set<BoardLog> {
	return shared('boardLogs', () => new Set());
}

function openLogs(open: OpenDatabase): BoardLog[] {
	return [...liveLogs()].filter((log) => log.database === open);
}

/**
 * Writes every board's local log to the database (start-up, and when a room unloads while its log
 * still holds updates), retrying while the database is down. Boards load only after their own log
 * is written (`BoardLog.replay`), so nothing waits for this.
 */
export function replayWriteAheadLog(
	open: OpenDatabase,
	log: (m: string) => void = console.log
): Promise<void> {
	const running = shared('walReplays', () => new WeakMap());
	let replay = running.get(open);
	if (!replay) {
		replay = (async () => {
			const wal = writeAheadLogFor(open);
			for (let attempt = 0; wal.boards().length > 0; attempt++) {
				const waiting = wal.waitingUpdates();
				let failed = false;
				for (const boardId of wal.boards()) {
					try {
						await drainFile(open.db, wal, boardId);
					} catch {
						failed = true;
					}
				}
				if (!failed) {
					log(`Local board log written to the database (${waiting} update rows)`);
					return;
				}
				if (attempt === 0)
					log('The database is unavailable: board changes stay in the local log until it returns');
				await sleep(retryDelay(attempt));
			}
		})().finally(() => running.delete(open));
		running.set(open, replay);
	}
	return replay;
}

/** Boards whose saving is paused, and the board updates not yet in the database. */
export function boardSavingStatus(open: OpenDatabase): {
	paused: number[];
	updatesWaiting: number;
} {
	const paused: number[] = [];
	let held = 0;
	for (const log of openLogs(open)) {
		if (log.paused) paused.push(log.boardId);
		if (log.holding) held += log.pendingUpdates();
	}
	return { paused, updatesWaiting: writeAheadLogFor(open).waitingUpdates() + held };
}

/**
 * What went wrong, for the log, without the failed query's parameters (they carry what staff
 * typed): the innermost cause's code and message.
 */

function retryDelay(attempt: number): number {
	return Math.min(MAX_RETRY_MS, 50 * 2 ** attempt);
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

/** Rejects after `ms`; the operation itself may still finish later (a repeat is harmless). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer from the database within ${ms} ms`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
