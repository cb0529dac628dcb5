/**
 * A live board on the server: one Y.Doc synced with the y-websocket protocol (sync + awareness),
 * with the server taking part in every doc. PostgreSQL is the system of record; the doc is the
 * shared working draft. This module is the sync and relay protocol; it composes the parts that
 * decide what happens to the doc:
 *
 * - storedDoc.ts loads the doc (snapshot + update tail) before the first sync message, and
 *   compacts it; boardLog.ts persists every update with its author, and audits it, before anyone
 *   is sent it;
 * - docPolicy.ts vets an update before it is applied; allocationEdits.ts checks what it changed
 *   (locked confirmations, concurrent moves, the server's stamp, server-owned maps);
 * - boardChecks.ts holds the board's reference data and writes the hard rules' conflicts;
 * - presence.ts binds each awareness state to the authenticated user;
 * - the change bus (../changes.ts) tells the room when bookings changed (`roomsFollow`), and hears
 *   from it when the board's draft did.
 *
 * Rooms live in the services registry: the websocket server (server/) and SvelteKit routes
 * (confirm, resolve) run from different module copies but must share the same rooms.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { OpenDatabase } from '../../../../db';
import { boardDoc, colourFor, type BoardDoc } from '../../contracts/planner/doc';
import {
	MESSAGE_AWARENESS,
	MESSAGE_NOTICE,
	MESSAGE_QUERY_AWARENESS,
	MESSAGE_SYNC,
	type Notice
} from '../../contracts/planner/protocol';
import type { BoardReference } from '../../contracts/planner/reference';
import type { SessionUser } from '../auth';
import type { AuditEntry } from '../audit';
import { publish, type Change } from '../changes';
import { AllocationEdits, SERVER } from './allocationEdits';
import { BoardChecks } from './boardChecks';
import { BoardLog, replayWriteAheadLog } from './boardLog';
import { BoardLease, claimEpoch } from './boardOwner';
import { cluster, type Cluster } from '../cluster/redis';
import { BoardSize, serverDoc, vetUpdate } from './docPolicy';
import { ClientIdOwners, MAX_CLIENT_IDS_PER_CONNECTION } from './presence';
import { applyStoredBoard, compactStoredBoard } from './storedDoc';
import { writeAheadLogFor } from './writeAheadLog';
import { shared } from '../registry';
import { logFailure } from '../log';

export interface RoomConnection {
	user: SessionUser;
	access: 'edit' | 'view';
	send(message: Uint8Array): void;
	/** Awareness client ids this connection speaks for (claimed on first use). */
	clientIds: Set<number>;
	/** Closes the connection (the room stepped down); the client reconnects, through the balancer. */
	close?(): void;
	/**
	 * Multi-instance mode: the link this connection came over from another instance (boardLink.ts).
	 * What goes to every client goes once per link, and that instance hands it to its clients.
	 */
	link?: RoomLink;
}

export interface RoomLink {
	broadcast(message: Uint8Array): void;
}

const LOAD = 'load';
/** Updates kept as a tail before they are folded into the snapshot. */
const COMPACT_AFTER = 200;
/** How long an empty room stays loaded, in case someone comes straight back. */
const IDLE_UNLOAD_MS = 30_000;

const SAVING_PAUSED: Notice = {
	kind: 'saving-paused',
	message:
		'Saving is paused: the database is not answering. Your changes are kept in order and saved when it returns.'
};
const SAVING_RESUMED: Notice = {
	kind: 'saving-resumed',
	message: 'Saving has resumed: every change is saved.'
};

export function encodeNotice(notice: Notice): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_NOTICE);
	encoding.writeVarString(encoder, JSON.stringify(notice));
	return encoding.toUint8Array(encoder);
}

export class BoardRoom {
	readonly doc = serverDoc();
	readonly board: BoardDoc = boardDoc(this.doc);
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	readonly conns = new Set<RoomConnection>();
	readonly ready: Promise<void>;
	private readonly size = new BoardSize(this.doc);
	private readonly clientOwners = new ClientIdOwners();
	private readonly edits = new AllocationEdits<RoomConnection>(
		this.doc,
		this.board,
		(conn, notice) => conn.send(encodeNotice(notice))
	);
	private readonly checks: BoardChecks;

	readonly log: BoardLog;
	/** Pathways each author changed since the last audit row. */
	private auditBatch = new Map<number, Set<string>>();
	private sinceCompaction = 0;
	private compacting: Promise<void> | null = null;
	private idleTimer: ReturnType<typeof setTimeout> | null = null;
	private closed = false;

	constructor(
		readonly boardId: number,
		private readonly open: OpenDatabase,
		private readonly onUnload: (room: BoardRoom) => void,
		/** Multi-instance mode: this instance's lease on the board (boardOwner.ts). */
		private readonly lease: BoardLease | null = null
	) {
		// The server's own presence is not an editor; it has no awareness state.
		this.awareness.setLocalState(null);
		this.checks = new BoardChecks(boardId, open.db, this.board, (fn) => this.serverChange(fn));
		this.log = new BoardLog(boardId, open, {
			takeAudits: () => this.takeAudits(),
			committed: (rows) => this.committed(rows),
			savingChanged: (paused) =>
				this.broadcast(encodeNotice(paused ? SAVING_PAUSED : SAVING_RESUMED)),
			fenced: () => void this.stepDown()
		});
		if (lease) lease.onLost = () => void this.stepDown();
		this.ready = this.load();
	}

	private async load(): Promise<void> {
		const { db } = this.open;
		// the claim waits for the last owner's commit in flight: what it made durable loads below
		if (this.lease) this.log.fence = await claimEpoch(db, this.boardId);
		await this.log.replay();
		this.sinceCompaction = await applyStoredBoard(db, this.boardId, this.doc, LOAD);
		this.edits.snapshotServerMaps();
		for (const key of this.board.allocations.keys()) this.edits.remember(key, null);
		await this.checks.load();

		this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onUpdate(update, origin));
		this.doc.on('afterTransaction', (tr: Y.Transaction) => this.afterTransaction(tr));
		this.awareness.on('update', this.onAwarenessUpdate);
		this.checks.schedule();
	}

	/** The board's reference data (sessions, waiting list, consultants) as last loaded. */
	get reference(): BoardReference | null {
		return this.checks.reference;
	}

	// ---- connections -------------------------------------------------------------------------

	async join(conn: RoomConnection): Promise<void> {
		await this.ready;
		if (this.closed) {
			conn.close?.();
			return;
		}
		if (this.idleTimer) clearTimeout(this.idleTimer);
		this.idleTimer = null;
		this.conns.add(conn);
		// The doc is loaded before the first sync message goes out.
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(encoder, this.doc);
		conn.send(encoding.toUint8Array(encoder));
		if (this.log.paused) conn.send(encodeNotice(SAVING_PAUSED));
		const states = this.awareness.getStates();
		if (states.size > 0) {
			conn.send(this.awarenessMessage([...states.keys()]));
		}
	}

	leave(conn: RoomConnection): void {
		if (!this.conns.delete(conn)) return;
		awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.clientIds], null);
		if (this.conns.size === 0 && !this.closed) {
			this.idleTimer = setTimeout(() => void this.unload(), IDLE_UNLOAD_MS);
			this.idleTimer.unref?.();
		}
	}

	/** Handles one binary message from a connection; throws on a malformed message. */
	receive(conn: RoomConnection, message: Uint8Array): void {
		const decoder = decoding.createDecoder(message);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MESSAGE_SYNC: {
				const syncType = decoding.peekVarUint(decoder);
				if (conn.access === 'view' && syncType !== syncProtocol.messageYjsSyncStep1) {
					// Read-only: updates are refused. Every client answers the server's sync step 1
					// with a step 2, usually holding nothing new; only a real change earns a notice.
					decoding.readVarUint(decoder);
					if (wouldChange(this.doc, decoding.readVarUint8Array(decoder))) {
						conn.send(
							encodeNotice({
								kind: 'read-only',
								message: 'You can watch this board but not change it'
							})
						);
					}
					return;
				}
				if (syncType !== syncProtocol.messageYjsSyncStep1) {
					decoding.readVarUint(decoder);
					this.receiveUpdate(conn, decoding.readVarUint8Array(decoder));
					return;
				}
				const encoder = encoding.createEncoder();
				encoding.writeVarUint(encoder, MESSAGE_SYNC);
				syncProtocol.readSyncMessage(decoder, encoder, this.doc, conn);
				// a sync step 2 reply shows the doc as it is now: it waits until that is durable
				if (encoding.length(encoder) > 1) {
					const reply = encoding.toUint8Array(encoder);
					this.log.afterDurable(() => conn.send(reply));
				}
				return;
			}
			case MESSAGE_AWARENESS:
				this.receiveAwareness(conn, decoding.readVarUint8Array(decoder));
				return;
			case MESSAGE_QUERY_AWARENESS:
				conn.send(this.awarenessMessage([...this.awareness.getStates().keys()]));
				return;
			default:
				throw new Error(`unknown message type ${type}`);
		}
	}

	/**
	 * Applies a client's update (sync step 2 or an update) once it has been checked against the
	 * board's rules; what is refused reaches nobody, and the sender is told and given its undoing.
	 * A malformed update fails while decoding, before anything is integrated; the error reaches
	 * the endpoint, which closes the connection instead of logging and carrying on.
	 */
	private receiveUpdate(conn: RoomConnection, update: Uint8Array): void {
		const vetted = vetUpdate(this.doc, update, this.size);
		const displaced = vetted.displaced.map(({ map, key }) => ({
			map: this.board[map] as Y.Map<unknown>,
			key,
			value: this.board[map].get(key)
		}));
		Y.applyUpdate(this.doc, vetted.update, conn);
		const lost = displaced.filter(({ map, key, value }) => value !== undefined && !map.has(key));
		if (lost.length)
			this.doc.transact(() => lost.forEach(({ map, key, value }) => map.set(key, value)), SERVER);
		if (vetted.undo) {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.writeUpdate(encoder, vetted.undo);
			conn.send(encoding.toUint8Array(encoder));
		}
		if (vetted.notice) conn.send(encodeNotice(vetted.notice));
	}

	/**
	 * Applies an awareness update only for client ids this connection owns, with `user` replaced
	 * by the authenticated user: presence cannot be forged.
	 */
	private receiveAwareness(conn: RoomConnection, update: Uint8Array): void {
		const decoder = decoding.createDecoder(update);
		const count = decoding.readVarUint(decoder);
		const encoder = encoding.createEncoder();
		const entries: [number, number, string][] = [];
		for (let i = 0; i < count; i++) {
			const clientId = decoding.readVarUint(decoder);
			let clock = decoding.readVarUint(decoder);
			const raw = decoding.readVarString(decoder);
			if (!conn.clientIds.has(clientId)) {
				if (conn.clientIds.size >= MAX_CLIENT_IDS_PER_CONNECTION) continue;
				if (
					!this.clientOwners.claim(clientId, conn.user.id, () =>
						this.edits.allocationAuthor(clientId)
					)
				)
					continue;
				// the same user again (a reconnect): the new connection speaks for it from now on,
				// and its state shows even if its clock is behind the one the server last saw
				for (const other of this.conns) other.clientIds.delete(clientId);
				conn.clientIds.add(clientId);
				clock = Math.max(clock, (this.awareness.meta.get(clientId)?.clock ?? 0) + 1);
			}
			let state: Record<string, unknown> | null = null;
			try {
				state = JSON.parse(raw) as Record<string, unknown> | null;
			} catch {
				continue;
			}
			if (state !== null && typeof state === 'object') {
				state = {
					viewing: typeof state.viewing === 'string' ? state.viewing.slice(0, 100) : null,
					holding: typeof state.holding === 'number' ? state.holding : null,
					user: {
						id: conn.user.id,
						name: conn.user.name,
						role: conn.user.role,
						colour: colourFor(conn.user.id),
						readOnly: conn.access === 'view'
					}
				};
			}
			entries.push([clientId, clock, JSON.stringify(state)]);
		}
		if (entries.length === 0) return;
		encoding.writeVarUint(encoder, entries.length);
		for (const [clientId, clock, state] of entries) {
			encoding.writeVarUint(encoder, clientId);
			encoding.writeVarUint(encoder, clock);
			encoding.writeVarString(encoder, state);
		}
		awarenessProtocol.applyAwarenessUpdate(this.awareness, encoding.toUint8Array(encoder), conn);
	}

	private awarenessMessage(clients: number[]): Uint8Array {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
		encoding.writeVarUint8Array(
			encoder,
			awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)
		);
		return encoding.toUint8Array(encoder);
	}

	private onAwarenessUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		_origin: unknown
	) => {
		const changed = [...added, ...updated, ...removed];
		if (changed.length === 0) return;
		this.broadcast(this.awarenessMessage(changed));
	};

	private broadcast(message: Uint8Array): void {
		let links: Set<RoomLink> | null = null;
		for (const conn of this.conns) {
			if (conn.link) (links ??= new Set()).add(conn.link);
			else conn.send(message);
		}
		if (links) for (const link of links) link.broadcast(message);
	}

	// ---- updates -----------------------------------------------------------------------------

	private onUpdate(update: Uint8Array, origin: unknown): void {
		if (origin === LOAD) return;
		this.log.add(update, isConnection(origin) ? origin.user.id : null);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeUpdate(encoder, update);
		const message = encoding.toUint8Array(encoder);
		this.log.afterDurable(() => this.broadcast(message));
	}

	/** The audit rows for the batch being written: the pathways each author changed. */
	private takeAudits(): AuditEntry[] {
		const audits = [...this.auditBatch].map(([userId, keys]) => ({
			userId,
			action: 'board-edit',
			entity: 'board',
			entityId: this.boardId,
			after: {
				changes: [...keys].slice(0, 50).map((k) => ({
					pathwayId: Number(k),
					sessionId: this.board.allocations.get(k)?.sessionId ?? null
				})),
				count: keys.size
			}
		}));
		this.auditBatch = new Map();
		return audits;
	}

	/**
	 * Starts a compaction once enough rows are saved, one at a time. Saving does not wait for it:
	 * a slow one (a busy database, a lock) would hold back every edit meanwhile, as edits are
	 * relayed only once saved. Rows saved while it runs are either folded in or left in the tail.
	 */
	private committed(rows: number): void {
		this.sinceCompaction += rows;
		if (this.sinceCompaction < COMPACT_AFTER || this.compacting) return;
		this.compacting = this.compact()
			.catch((err: unknown) =>
				logFailure('could not compact the update log', { boardId: this.boardId }, err)
			)
			.finally(() => (this.compacting = null));
	}

	/** Folds the persisted log into one snapshot (storedDoc.ts). */
	async compact(): Promise<void> {
		const folding = this.sinceCompaction;
		await compactStoredBoard(this.open.db, this.boardId, this.doc, this.log.fence);
		this.sinceCompaction = Math.max(0, this.sinceCompaction - folding);
	}

	/** Resolves once every update so far is durable (in the database, or the local log in an outage). */
	async flush(): Promise<void> {
		await this.log.flush();
	}

	private afterTransaction(tr: Y.Transaction): void {
		if (tr.origin === LOAD) return;
		const conn = isConnection(tr.origin) ? tr.origin : null;
		const changedKeys = tr.changed.get(asChangedKey(this.board.allocations));
		if (conn) {
			if (changedKeys) this.edits.inspect(conn, tr, changedKeys);
			const touchedServerMaps =
				tr.changed.has(asChangedKey(this.board.conflicts)) ||
				tr.changed.has(asChangedKey(this.board.confirmed));
			if (touchedServerMaps) queueMicrotask(() => this.edits.restoreServerMaps());
			if (changedKeys) this.audit(conn, changedKeys);
		} else if (changedKeys) {
			for (const key of changedKeys) if (key !== null) this.edits.remember(key, null);
		}
		if (changedKeys || tr.origin === SERVER) this.checks.schedule();
		if (changedKeys || tr.changed.has(asChangedKey(this.board.confirmed)))
			void publish({ kind: 'boardEdited', boardId: this.boardId });
	}

	/** Runs a server-side change to the doc (confirm, resolve) as one transaction. */
	serverChange(fn: (board: BoardDoc) => void): void {
		this.doc.transact(() => fn(this.board), SERVER);
		this.edits.snapshotServerMaps();
	}

	private audit(conn: RoomConnection, keys: Set<string | null>): void {
		const set = this.auditBatch.get(conn.user.id) ?? new Set<string>();
		for (const k of keys) if (k !== null) set.add(k);
		this.auditBatch.set(conn.user.id, set);
		this.log.add(null, conn.user.id);
	}

	// ---- hard-rule checks (boardChecks.ts) ----------------------------------------------------

	/** Recomputes rule conflicts now. */
	checkRules(): void {
		this.checks.check();
	}

	/** Reloads reference data (sessions, waiting list) after it changed in the database. */
	async refreshReference(): Promise<void> {
		await this.checks.load();
		this.checks.schedule();
	}

	async unload(): Promise<void> {
		if (this.conns.size > 0 || this.closed) return;
		await this.close();
	}

	/**
	 * Multi-instance mode: another instance owns the board now, or this one lost its lease. The
	 * connections close (their clients reconnect, to the owner through any instance) and the room
	 * unloads; what a commit refused was never relayed, and the clients send it again.
	 */
	async stepDown(): Promise<void> {
		if (this.closed) return;
		this.onUnload(this);
		const conns = [...this.conns];
		this.conns.clear();
		for (const conn of conns) conn.close?.();
		await this.close();
	}

	/** Writes what is pending and drops the room, connections or not (shutdown). */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.checks.stop();
		if (this.idleTimer) clearTimeout(this.idleTimer);
		await this.flush();
		await this.compacting;
		this.log.close();
		// an outage outlasted the room: start-up's replay loop writes the log when the database returns
		if (writeAheadLogFor(this.open).boards().includes(this.boardId))
			void replayWriteAheadLog(this.open);
		this.conns.clear();
		this.awareness.destroy();
		this.doc.destroy();
		this.onUnload(this);
		this.lease?.release();
	}
}

/** Whether applying `update` would add anything to `doc` (new structs or new deletions). */
export function wouldChange(doc: Y.Doc, update: Uint8Array): boolean {
	const { structs, ds } = Y.decodeUpdate(Y.diffUpdate(update, Y.encodeStateVector(doc)));
	if (structs.some((s) => !(s instanceof Y.Skip))) return true;
	const known = Y.createDeleteSetFromStructStore(doc.store);
	for (const [client, ranges] of ds.clients) {
		for (const r of ranges) {
			for (let clock = r.clock; clock < r.clock + r.len; clock++) {
				if (!Y.isDeleted(known, Y.createID(client, clock))) return true;
			}
		}
	}
	return false;
}

/** Yjs types its `changed` map with an event type no Y.Map<T> matches; the map is keyed by type. */
type ChangedKey = Parameters<Y.Transaction['changed']['get']>[0];
const asChangedKey = <T>(type: Y.Map<T>) => type as unknown as ChangedKey;

function isConnection(origin: unknown): origin is RoomConnection {
	return typeof origin === 'object' && origin !== null && 'clientIds' in origin && 'user' in origin;
}

// ---- registry ------------------------------------------------------------------------------

function rooms(): Map<number, BoardRoom> {
	return shared('boardRooms', () => new Map());
}

/**
 * The loaded room for a board, loading it (from the database) on first use. In multi-instance
 * mode only the board's owner loads it: this throws BoardElsewhere when another instance does.
 */
export async function roomFor(open: OpenDatabase, boardId: number): Promise<BoardRoom> {
	const all = rooms();
	let room = all.get(boardId);
	const running = cluster();
	if (!room && running) return takeRoom(running, open, boardId);
	if (!room) {
		room = new BoardRoom(boardId, open, (r) => {
			if (all.get(boardId) === r) all.delete(boardId);
		});
		all.set(boardId, room);
		room.ready.catch(() => all.delete(boardId));
	}
	await room.ready;
	return room;
}

/** Multi-instance mode: takes the board's lease (once, however many ask at once) and loads it. */
function takeRoom(running: Cluster, open: OpenDatabase, boardId: number): Promise<BoardRoom> {
	const taking = shared('boardRoomsTaking', () => new Map<number, Promise<BoardRoom>>());
	let pending = taking.get(boardId);
	if (!pending) {
		pending = (async () => {
			const lease = await BoardLease.take(running, boardId);
			const all = rooms();
			const room = new BoardRoom(
				boardId,
				open,
				(r) => {
					if (all.get(boardId) === r) all.delete(boardId);
				},
				lease
			);
			all.set(boardId, room);
			try {
				await room.ready;
			} catch (err) {
				if (all.get(boardId) === room) all.delete(boardId);
				lease.release();
				throw err;
			}
			return room;
		})().finally(() => taking.delete(boardId));
		taking.set(boardId, pending);
	}
	return pending;
}

/** The room for a board when it is loaded here already (it needs no database to join). */
export function loadedRoom(boardId: number): BoardRoom | undefined {
	return rooms().get(boardId);
}

export function loadedRooms(): BoardRoom[] {
	return [...rooms().values()];
}

/** Writes every pending update and unloads every room (graceful shutdown). */
export async function closeAllRooms(): Promise<void> {
	await Promise.all(loadedRooms().map((r) => r.close()));
}

/**
 * The rooms' reader of the change bus: bookings changed, so what the boards of that specialty
 * count changed. A board's reference data is its own specialty's sessions and waiting list, so
 * the other boards are left alone; a change that names no specialty reaches them all.
 */
export async function roomsFollow(change: Change): Promise<void> {
	if (change.kind !== 'bookingsChanged' && change.kind !== 'boardConfirmed') return;
	const touched = loadedRooms().filter(
		(r) =>
			change.specialty === null ||
			r.reference === null ||
			r.reference.board.specialty === change.specialty
	);
	await Promise.all(touched.map((r) => r.refreshReference()));
}
