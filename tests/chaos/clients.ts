/**
 * Real y-websocket clients for chaos tests: editors that change allocations on a timer, and
 * watchers whose docs record every update the server relayed to them, with the board notices
 * each client received and when.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { Allocation } from '../../src/lib/contracts/planner/doc';
import { MESSAGE_NOTICE, type Notice } from '../../src/lib/contracts/planner/protocol';
import { connectBoard } from '../integration/liveServer';

export interface BoardClient {
	doc: Y.Doc;
	provider: ReturnType<typeof connectBoard>['provider'];
	notices: { kind: Notice['kind']; at: number }[];
	/** Connected and synced with the server it is connected to. */
	online(): boolean;
	close(): void;
}

const open = new Set<BoardClient>();

export function openBoardClient(wsUrl: string, boardId: number, cookie: string): BoardClient {
	const { doc, provider } = connectBoard(wsUrl, boardId, cookie);
	const client: BoardClient = {
		doc,
		provider,
		notices: [],
		online: () => provider.wsconnected && provider.synced,
		close() {
			open.delete(client);
			provider.destroy();
		}
	};
	provider.messageHandlers[MESSAGE_NOTICE] = (_encoder, decoder) => {
		const notice = JSON.parse(decoding.readVarString(decoder)) as Notice;
		client.notices.push({ kind: notice.kind, at: Date.now() });
		if (process.env.CHAOS_LOG === '1') console.log(`[notice] ${notice.kind} at ${Date.now()}`);
	};
	open.add(client);
	return client;
}

/** Closes every client still open (afterEach/afterAll, also after a failure). */
export function closeAllClients(): void {
	for (const client of [...open]) client.close();
}

export interface Editing {
	/** Edits made so far (whether or not the server has them). */
	readonly count: number;
	stop(): void;
}

/**
 * Moves a random pathway to a random session every `everyMs`, as the signed-in user would: one
 * allocation write per tick, each a new Yjs item.
 */
export function startEditing(
	client: BoardClient,
	plan: {
		pathwayIds: number[];
		sessionIds: number[];
		by: { id: number; name: string };
		random: () => number;
		everyMs?: number;
	}
): Editing {
	const allocations = client.doc.getMap<Allocation>('allocations');
	const pick = <T>(list: T[]) => list[Math.floor(plan.random() * list.length)];
	let count = 0;
	const timer = setInterval(() => {
		allocations.set(String(pick(plan.pathwayIds)), {
			sessionId: pick(plan.sessionIds),
			by: { id: plan.by.id, name: plan.by.name },
			at: new Date().toISOString()
		});
		count++;
	}, plan.everyMs ?? 10);
	return {
		get count() {
			return count;
		},
		stop: () => clearInterval(timer)
	};
}

/** A seeded PRNG (mulberry32), so a failing run can be repeated with its printed seed. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `predicate` holds; false (not a throw) after the deadline, so callers can report. */
export async function waitFor(
	predicate: () => boolean | Promise<boolean>,
	timeoutMs: number,
	everyMs = 20
): Promise<boolean> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		if (await predicate()) return true;
		if (Date.now() > until) return false;
		await sleep(everyMs);
	}
}
