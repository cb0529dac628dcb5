/**
 * The board's edit policy for allocations, after an update is applied: each changed allocation
 * is checked (a well-formed value under a pathway id; confirmed entries are locked), a write
 * made without seeing another coordinator's is flagged as a concurrent move, the server stamps
 * who wrote it and when, and the server-owned maps (`conflicts`, `confirmed`) are restored from
 * the server's own record when a client touches them. What an update may carry at all is
 * docPolicy.ts's `vetUpdate`, before it is applied; the room (room.ts) calls both.
 */
import * as Y from 'yjs';
import { patientRef } from '../../domain/board/conflicts';
import type { Author, BoardDoc, Conflict, Confirmation } from '../../contracts/planner/doc';
import type { Notice } from '../../contracts/planner/protocol';
import type { SessionUser } from '../auth';
import { clientAllocationSchema, stampFor } from './docPolicy';

/** The transaction origin of the server's own writes. */
export const SERVER = 'server';

export class AllocationEdits<C extends { user: SessionUser }> {
	/** The last winning item of each allocation key, to tell a concurrent move from an overwrite. */
	private lastItem = new Map<string, { id: Y.ID; author: Author | null }>();

	constructor(
		private readonly doc: Y.Doc,
		private readonly board: BoardDoc,
		/** Sends a connection a notice. */
		private readonly tell: (conn: C, notice: Notice) => void
	) {}

	/** Validates each changed allocation, detects concurrent moves, and protects locked entries. */
	inspect(conn: C, tr: Y.Transaction, keys: Set<string | null>): void {
		const reverts: string[] = [];
		const concurrent: { key: string; other: Author }[] = [];
		const stamps: [string, Y.Item][] = [];
		const fresh = this.newAllocationItems(tr);
		const current = this.board.allocations._map;
		for (const key of keys) {
			if (key === null) continue;
			const value = this.board.allocations.get(key);
			if (
				!/^\d+$/.test(key) ||
				(value !== undefined && !clientAllocationSchema.safeParse(value).success)
			) {
				reverts.push(key);
				continue;
			}
			if (this.board.confirmed.has(key)) {
				reverts.push(key);
				continue;
			}
			const previous = this.lastItem.get(key);
			const added = fresh.get(key) ?? [];
			for (const item of added) {
				const seenPrevious = previous && item.origin && Y.compareIDs(item.origin, previous.id);
				if (previous && !seenPrevious && previous.author && previous.author.id !== conn.user.id) {
					concurrent.push({ key, other: previous.author });
				}
			}
			this.remember(key, added.length ? { id: conn.user.id, name: conn.user.name } : null);
			// only the value this connection wrote is theirs to stamp (theirs may have lost the key)
			const written = current.get(key);
			if (value !== undefined && written && added.includes(written) && stampFor(value, conn.user))
				stamps.push([key, written]);
		}
		if (reverts.length || concurrent.length || stamps.length) {
			queueMicrotask(() => {
				if (reverts.length) this.revert(conn, reverts);
				if (stamps.length) this.stamp(conn, stamps);
				for (const c of concurrent)
					this.flagConcurrentMove(Number(c.key), c.other, {
						id: conn.user.id,
						name: conn.user.name
					});
			});
		}
	}

	/**
	 * Allocation items this transaction integrated, by key: read from the struct store between the
	 * transaction's before and after state, so the cost is the size of the change, not the history.
	 */
	private newAllocationItems(tr: Y.Transaction): Map<string, Y.Item[]> {
		const byKey = new Map<string, Y.Item[]>();
		const map = this.board.allocations as unknown as Y.AbstractType<unknown>;
		for (const [client, after] of tr.afterState) {
			const before = tr.beforeState.get(client) ?? 0;
			if (after <= before) continue;
			const structs = this.doc.store.clients.get(client);
			if (!structs) continue;
			for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
				const struct = structs[i];
				if (!(struct instanceof Y.Item) || struct.parent !== map || struct.parentSub === null)
					continue;
				byKey.set(struct.parentSub, [...(byKey.get(struct.parentSub) ?? []), struct]);
			}
		}
		return byKey;
	}

	remember(key: string, author: Author | null): void {
		const item = this.board.allocations._map.get(key);
		if (!item) return;
		const known = this.lastItem.get(key);
		const sameItem = known && Y.compareIDs(known.id, item.id);
		this.lastItem.set(key, {
			id: item.id,
			author: sameItem ? known.author : (author ?? known?.author ?? null)
		});
	}

	private revert(conn: C, keys: string[]): void {
		this.doc.transact(() => {
			for (const key of keys) {
				const confirmation = this.board.confirmed.get(key);
				if (confirmation) {
					const current = this.board.allocations.get(key);
					if (!current || current.sessionId !== confirmation.sessionId) {
						this.board.allocations.set(key, {
							sessionId: confirmation.sessionId,
							by: confirmation.by,
							at: confirmation.at
						});
					}
				} else {
					this.board.allocations.delete(key);
				}
			}
		}, SERVER);
		const locked = keys.filter((k) => this.board.confirmed.has(k));
		this.tell(
			conn,
			locked.length
				? {
						kind: 'locked',
						message: `That booking is confirmed and cannot be moved on the board`,
						pathwayIds: locked.map(Number)
					}
				: {
						kind: 'invalid',
						message: 'That change was not a valid allocation and was undone',
						pathwayIds: keys.filter((k) => /^\d+$/.test(k)).map(Number)
					}
		);
	}

	/** Writes the connection's user and the server's time over what the client said (see stampFor). */
	private stamp(conn: C, written: [string, Y.Item][]): void {
		const current = this.board.allocations._map;
		this.doc.transact(() => {
			const now = new Date();
			for (const [key, item] of written) {
				// only while the value is still the one this connection wrote
				const value = current.get(key) === item ? this.board.allocations.get(key) : undefined;
				const stamp = value && stampFor(value, conn.user, now);
				if (stamp) this.board.allocations.set(key, { ...value, ...stamp });
			}
		}, SERVER);
	}

	private flagConcurrentMove(pathwayId: number, first: Author, second: Author): void {
		const current = this.board.allocations.get(String(pathwayId));
		const kept = current
			? `${current.by.name}'s move was kept`
			: 'the patient ended up unallocated';
		const conflict: Conflict = {
			kind: 'concurrent-move',
			pathwayIds: [pathwayId],
			sessionId: current?.sessionId,
			users: [first, second],
			message: `${first.name} and ${second.name} moved ${patientRef(pathwayId)} at the same time; ${kept}`,
			since: new Date().toISOString()
		};
		this.doc.transact(
			() => this.board.conflicts.set(`concurrent-move::${pathwayId}`, conflict),
			SERVER
		);
	}

	/** Server-owned maps are restored from the server's own record of them. */
	private serverShadow = {
		conflicts: new Map<string, Conflict>(),
		confirmed: new Map<string, Confirmation>()
	};

	restoreServerMaps(): void {
		this.doc.transact(() => {
			for (const name of ['conflicts', 'confirmed'] as const) {
				const map = this.board[name] as Y.Map<unknown>;
				const shadow = this.serverShadow[name] as Map<string, unknown>;
				for (const key of [...map.keys()]) if (!shadow.has(key)) map.delete(key);
				for (const [key, value] of shadow) if (map.get(key) !== value) map.set(key, value);
			}
		}, SERVER);
	}

	snapshotServerMaps(): void {
		this.serverShadow.conflicts = new Map(this.board.conflicts.entries());
		this.serverShadow.confirmed = new Map(this.board.confirmed.entries());
	}

	/** Who wrote a current allocation under this client id: `by` is stamped by the server, so it holds. */
	allocationAuthor(clientId: number): number | undefined {
		for (const [key, item] of this.board.allocations._map) {
			if (item.id.client === clientId && !item.deleted)
				return this.board.allocations.get(key)?.by?.id;
		}
		return undefined;
	}
}
