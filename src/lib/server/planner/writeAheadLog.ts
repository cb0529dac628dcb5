/**
 * The local write-ahead log that keeps accepted board updates while the database cannot take
 * them: one append-only file per board, one JSON line per batch, each batch fsync'd before the
 * room relays it. The room drains it into `board_updates` in order when the database returns; at
 * start-up, and before a board loads, whatever a file still holds is replayed first. Replaying
 * an update the database already has does no harm: Yjs updates are idempotent.
 *
 * A line cut short by `kill -9` during its write was never fsync'd, so never relayed: reading
 * stops there, and the next append starts on a fresh line.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OpenDatabase } from '../../../../db';
import type { AuditEntry } from '../audit';
import { shared } from '../registry';

/** One author's merged updates in a batch (`userId` null: the server). */
export interface LogRow {
	userId: number | null;
	update: Uint8Array;
}

/** What one commit writes: the board's update rows and their audit rows, together. */
export interface LogBatch {
	rows: LogRow[];
	audits: AuditEntry[];
}

interface StoredLine {
	rows: { userId: number | null; update: string }[];
	audits: AuditEntry[];
}

const FILE = /^board-(\d+)\.log$/;

export class WriteAheadLog {
	private handles = new Map<number, FileHandle>();
	/** Updates (rows) held in each board's file and not yet known to be in the database. */
	private waiting = new Map<number, number>();
	/** One file operation at a time per board, so a truncation never cuts an append. */
	private chains = new Map<number, Promise<unknown>>();
	/** Appends so far per board: a drain clears a file only if nothing was appended after it read. */
	private appends = new Map<number, number>();

	constructor(readonly dir: string) {
		for (const name of existsSync(dir) ? readdirSync(dir) : []) {
			const match = FILE.exec(name);
			// counted properly when read; until then a file means at least something waits
			if (match) this.waiting.set(Number(match[1]), 1);
		}
	}

	private file(boardId: number): string {
		return join(this.dir, `board-${boardId}.log`);
	}

	private serial<T>(boardId: number, run: () => Promise<T>): Promise<T> {
		const next = (this.chains.get(boardId) ?? Promise.resolve()).then(run, run);
		this.chains.set(
			boardId,
			next.catch(() => {})
		);
		return next;
	}

	/** Appends one batch and returns once it is on disk (fdatasync). */
	append(boardId: number, batch: LogBatch): Promise<void> {
		const line: StoredLine = {
			rows: batch.rows.map((r) => ({
				userId: r.userId,
				update: Buffer.from(r.update).toString('base64')
			})),
			audits: batch.audits
		};
		return this.serial(boardId, async () => {
			let handle = this.handles.get(boardId);
			if (!handle) {
				await mkdir(this.dir, { recursive: true });
				handle = await open(this.file(boardId), 'a');
				this.handles.set(boardId, handle);
				// a line left unfinished by a crash must not swallow this one
				await handle.write('\n');
				await syncDirectory(this.dir);
			}
			try {
				await handle.write(`${JSON.stringify(line)}\n`);
				await handle.datasync();
			} catch (err) {
				// a write cut short (a full disk) must not run into the next line: reopen, which
				// starts a fresh line
				this.handles.delete(boardId);
				await handle.close().catch(() => {});
				throw err;
			}
			this.waiting.set(boardId, (this.waiting.get(boardId) ?? 0) + batch.rows.length);
			this.appends.set(boardId, this.appendCount(boardId) + 1);
		});
	}

	appendCount(boardId: number): number {
		return this.appends.get(boardId) ?? 0;
	}

	/** The batches a board's file holds, in order (empty when it has none). */
	read(boardId: number): Promise<LogBatch[]> {
		return this.serial(boardId, async () => {
			let text: string;
			try {
				text = await readFile(this.file(boardId), 'utf8');
			} catch (err) {
				if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
				throw err;
			}
			const batches: LogBatch[] = [];
			for (const line of text.split('\n')) {
				if (!line) continue;
				let stored: StoredLine;
				try {
					stored = JSON.parse(line) as StoredLine;
				} catch {
					continue; // cut short by a crash before its fsync: never accepted
				}
				batches.push({
					rows: stored.rows.map((r) => ({
						userId: r.userId,
						update: new Uint8Array(Buffer.from(r.update, 'base64'))
					})),
					audits: stored.audits
				});
			}
			this.waiting.set(
				boardId,
				batches.reduce((n, b) => n + b.rows.length, 0)
			);
			return batches;
		});
	}

	/**
	 * Deletes a board's file once everything in it is in the database, unless something was
	 * appended after `appendCount` was taken (then the caller drains again). True when deleted.
	 */
	clearIfUnchanged(boardId: number, appendCount: number): Promise<boolean> {
		return this.serial(boardId, async () => {
			if (this.appendCount(boardId) !== appendCount) return false;
			const handle = this.handles.get(boardId);
			this.handles.delete(boardId);
			await handle?.close();
			await rm(this.file(boardId), { force: true });
			await syncDirectory(this.dir);
			this.waiting.delete(boardId);
			return true;
		});
	}

	/** Boards whose file holds updates not yet known to be in the database. */
	boards(): number[] {
		return [...this.waiting.keys()];
	}

	/** How many board updates wait in the log for the database. */
	waitingUpdates(): number {
		let n = 0;
		for (const count of this.waiting.values()) n += count;
		return n;
	}

	async close(): Promise<void> {
		await Promise.all([...this.chains.values()]);
		await Promise.all([...this.handles.values()].map((h) => h.close()));
		this.handles.clear();
	}
}

/** Makes a created or removed file's name durable, not only its contents. */
async function syncDirectory(dir: string): Promise<void> {
	if (!existsSync(dir)) return;
	const handle = await open(dir, 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

/**
 * Where the log lives: WAITWISE_WAL_DIR, else `$DATA_DIR/wal`, one folder per PostgreSQL database
 * (two databases never share a log). An in-memory database gets a temporary folder: it does not
 * outlive the process, and neither need its log.
 */
export function walDirFor(open: OpenDatabase, env: NodeJS.ProcessEnv = process.env): string {
	if (env.WAITWISE_WAL_DIR) return resolve(env.WAITWISE_WAL_DIR);
	if (open.kind === 'pglite-memory')
		return join(tmpdir(), `waitwise-wal-${process.pid}-${randomBytes(4).toString('hex')}`);
	const base = resolve(env.DATA_DIR ?? './data', 'wal');
	if (open.kind === 'pglite-disk') return base;
	return join(base, createHash('sha256').update(open.location).digest('hex').slice(0, 12));
}

// The server and SvelteKit's bundle load separate copies of this module; both must use one log.
function registry(): WeakMap<OpenDatabase, WriteAheadLog> {
	return shared('writeAheadLogs', () => new WeakMap());
}

/** The write-ahead log for a database, opened on first use. */
export function writeAheadLogFor(open: OpenDatabase): WriteAheadLog {
	let wal = registry().get(open);
	if (!wal) {
		wal = new WriteAheadLog(walDirFor(open));
		registry().set(open, wal);
	}
	return wal;
}

/** Uses the log in `dir` for this database (tests; a restart simulated over the same folder). */
export function useWriteAheadLog(open: OpenDatabase, dir: string): WriteAheadLog {
	const wal = new WriteAheadLog(dir);
	registry().set(open, wal);
	return wal;
}
