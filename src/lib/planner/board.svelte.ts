/**
 * A live board in the browser: the Y.Doc, its websocket provider, presence, and per-user undo.
 * Components read `$state` snapshots of the doc; every change goes through the methods here,
 * each as one Yjs transaction with this user's origin, so Y.UndoManager undoes only their own.
 */
import { getContext, setContext } from 'svelte';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
	boardDoc,
	type Allocation,
	type Author,
	type BoardDoc,
	type Conflict,
	type Confirmation,
	type Presence
} from '../contracts/planner/doc';
import { MESSAGE_NOTICE, type Notice } from '../contracts/planner/protocol';
import { nowIso, snapshot, type DocSnapshot } from './views';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export interface PeerPresence extends Presence {
	clientId: number;
	user: Presence['user'] & { readOnly?: boolean };
}

export class LiveBoard {
	readonly doc = new Y.Doc();
	readonly board: BoardDoc = boardDoc(this.doc);
	readonly provider: WebsocketProvider;
	readonly undoManager: Y.UndoManager;
	/** This tab's edits; the undo manager tracks only these. */
	private readonly origin = { local: true };

	private docView = $state.raw<DocSnapshot>(snapshot(this.board));
	peers = $state.raw<PeerPresence[]>([]);
	status = $state<ConnectionStatus>('connecting');
	synced = $state(false);
	canUndo = $state(false);
	canRedo = $state(false);
	notice = $state<Notice | null>(null);
	/** Set while the server cannot save: edits are still kept and relayed, and saved later. */
	savingPaused = $state<Notice | null>(null);

	constructor(
		boardId: number,
		readonly me: Author,
		readonly readOnly: boolean
	) {
		const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`;
		this.provider = new WebsocketProvider(url, String(boardId), this.doc, { maxBackoffTime: 2500 });
		this.provider.messageHandlers[MESSAGE_NOTICE] = (_encoder, decoder) => {
			const notice = JSON.parse(decoding.readVarString(decoder)) as Notice;
			if (notice.kind === 'saving-paused') this.savingPaused = notice;
			else if (notice.kind === 'saving-resumed') this.savingPaused = null;
			else this.notice = notice;
		};
		this.undoManager = new Y.UndoManager([this.board.allocations, this.board.notes], {
			trackedOrigins: trackOnly(this.origin),
			captureTimeout: 300
		});

		this.doc.on('update', () => {
			this.docView = snapshot(this.board);
		});
		const stacks = () => {
			this.canUndo = this.undoManager.undoStack.length > 0;
			this.canRedo = this.undoManager.redoStack.length > 0;
		};
		this.undoManager.on('stack-item-added', stacks);
		this.undoManager.on('stack-item-popped', stacks);
		this.undoManager.on('stack-cleared', stacks);

		this.provider.on('status', ({ status }: { status: ConnectionStatus }) => {
			this.status = status;
			// a (re)joined connection is told again if saving is still paused
			this.savingPaused = null;
		});
		this.provider.on('sync', (isSynced: boolean) => {
			this.synced = isSynced;
		});
		const awareness = this.provider.awareness;
		awareness.setLocalStateField('viewing', null);
		awareness.setLocalStateField('holding', null);
		const peers = () => {
			this.peers = [...awareness.getStates()]
				.filter(([, s]) => s && (s as Presence).user)
				.map(([clientId, s]) => ({ clientId, ...(s as Presence) }) as PeerPresence)
				.sort((a, b) => a.user.name.localeCompare(b.user.name));
		};
		awareness.on('change', peers);
		peers();
	}

	get allocations(): ReadonlyMap<number, Allocation> {
		return this.docView.allocations;
	}

	get conflicts(): ReadonlyMap<string, Conflict> {
		return this.docView.conflicts;
	}

	get confirmed(): ReadonlyMap<number, Confirmation> {
		return this.docView.confirmed;
	}

	get clientId(): number {
		return this.doc.clientID;
	}

	isLocked(pathwayId: number): boolean {
		return this.confirmed.has(pathwayId);
	}

	allocate(pathwayId: number, sessionId: number): void {
		if (this.readOnly || this.isLocked(pathwayId)) return;
		this.doc.transact(() => {
			const previous = this.board.allocations.get(String(pathwayId));
			this.board.allocations.set(String(pathwayId), {
				sessionId,
				by: this.me,
				at: nowIso(),
				...(previous?.pinned ? { pinned: true } : {})
			});
		}, this.origin);
		this.hold(null);
	}

	unallocate(pathwayId: number): void {
		if (this.readOnly || this.isLocked(pathwayId)) return;
		this.doc.transact(() => this.board.allocations.delete(String(pathwayId)), this.origin);
	}

	togglePin(pathwayId: number): void {
		const current = this.board.allocations.get(String(pathwayId));
		if (this.readOnly || !current || this.isLocked(pathwayId)) return;
		this.doc.transact(() => {
			// pinning is an edit of its own: the server would otherwise stamp it with this user anyway
			const { pinned, ...rest } = { ...current, by: this.me, at: nowIso() };
			this.board.allocations.set(String(pathwayId), pinned ? rest : { ...rest, pinned: true });
		}, this.origin);
	}

	/** Applies many moves as one change (one undo step), e.g. an accepted optimiser proposal. */
	applyMoves(moves: { pathwayId: number; sessionId: number | null }[]): void {
		if (this.readOnly) return;
		this.undoManager.stopCapturing();
		this.doc.transact(() => {
			for (const m of moves) {
				if (this.isLocked(m.pathwayId)) continue;
				if (m.sessionId === null) this.board.allocations.delete(String(m.pathwayId));
				else
					this.board.allocations.set(String(m.pathwayId), {
						sessionId: m.sessionId,
						by: this.me,
						at: nowIso()
					});
			}
		}, this.origin);
		this.undoManager.stopCapturing();
	}

	undo(): void {
		this.undoManager.undo();
	}

	redo(): void {
		this.undoManager.redo();
	}

	hold(pathwayId: number | null): void {
		this.provider.awareness.setLocalStateField('holding', pathwayId);
	}

	view(what: string | null): void {
		this.provider.awareness.setLocalStateField('viewing', what);
	}

	destroy(): void {
		this.undoManager.destroy();
		this.provider.destroy();
		this.doc.destroy();
	}
}

/** The undo manager's tracked origins: this tab's transactions only. */
function trackOnly(origin: object): Set<unknown> {
	return new Set([origin]);
}

const KEY = Symbol('live-board');

export function setLiveBoard(board: LiveBoard): LiveBoard {
	return setContext(KEY, board);
}

export function getLiveBoard(): LiveBoard {
	return getContext<LiveBoard>(KEY);
}
