/**
 * What a client may write into a board's Y.Doc, checked on the encoded update before it is
 * applied: only the documented maps (doc.ts), keyed by pathway id, with plain values of the
 * documented shape, and only while the board is under its size limit.
 *
 * A refused struct cannot simply be dropped: the sender's later structs build on its clock (and,
 * in a map, on its position), so the server would hold everything after it as pending, a gap that
 * loses every later edit of that client. It cannot be applied and undone either: the content
 * would be relayed and persisted first. So each refused struct is applied *without its content*,
 * under the same id: an item of a board map keeps its place as an already-deleted item (later
 * edits of the same key still find their origin), anything else becomes a GC range. The sender
 * is sent the deletion of what was refused, so its own doc drops it too and converges; an honest
 * client goes on editing without a reconnect (nothing is closed), and the value a refused write
 * displaced is written back by the room. A hostile client adds a few bytes per refused item at
 * most (ids and lengths, never content), within the rate limit; once a board is 10% past its size
 * limit, refused items are kept as bare clock ranges, which cost nothing more however many come.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { z } from 'zod';
import {
	BOARD_MAPS,
	MAX_NOTE_LENGTH,
	SERVER_OWNED,
	type Author
} from '../../contracts/planner/doc';
import type { Notice } from '../../contracts/planner/protocol';

/**
 * A Y.Doc for the server's side of a board. Its client id is drawn from a low range: Yjs orders
 * concurrent writes to one key by client id, so when the server's stamp (or revert) races a
 * client's newer write, the client's write wins and is then checked and stamped in turn, rather
 * than being silently replaced by the stamp of its previous value.
 */
export function serverDoc(): Y.Doc {
	const doc = new Y.Doc({ gc: true });
	doc.clientID = 1 + Math.floor(Math.random() * 2 ** 20);
	return doc;
}

/** The default size limit of a board's document (its encoded state), in bytes. */
export const DEFAULT_BOARD_MAX_BYTES = 2 * 1024 * 1024;
/** How far past its limit, as a share of it, refused items kept in place may take a board. */
const CEILING_MARGIN = 0.1;
/** Map keys are pathway ids. */
const KEY = /^\d{1,12}$/;
/** An allocation's JSON beyond this is not an allocation (a note has its own limit). */
const MAX_ALLOCATION_CHARS = 1000;
/** How far a client's `at` may be from the server's clock and still be kept. */
export const AT_TOLERANCE_MS = 60_000;

/** The board's size limit: `WAITWISE_BOARD_MAX_BYTES`, else the default. */
export function boardMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
	const set = Number(env.WAITWISE_BOARD_MAX_BYTES);
	return Number.isInteger(set) && set > 0 ? set : DEFAULT_BOARD_MAX_BYTES;
}

/**
 * An allocation as a client may write it. `by` and `at` are accepted in any form (or not at all)
 * because the server stamps them: see `stampFor`.
 */
export const clientAllocationSchema = z
	.object({
		sessionId: z
			.number()
			.int()
			.positive()
			.max(2 ** 31 - 1),
		start: z
			.string()
			.regex(/^\d{2}:\d{2}$/)
			.optional(),
		by: z.unknown().optional(),
		at: z.unknown().optional(),
		pinned: z.boolean().optional()
	})
	.strict();

function allowedValue(map: string, value: unknown): boolean {
	if (map === 'notes') return typeof value === 'string' && value.length <= MAX_NOTE_LENGTH;
	if (map === 'allocations') {
		return (
			JSON.stringify(value ?? null).length <= MAX_ALLOCATION_CHARS &&
			clientAllocationSchema.safeParse(value).success
		);
	}
	return false; // the server-owned maps
}

/**
 * The `by`/`at` the server writes over a client's allocation, or null when the value already
 * carries them. A value is left alone when `by` is exactly the signed-in user and `at` is a
 * canonical ISO time within AT_TOLERANCE_MS of the server's clock: that is what the app writes,
 * so honest edits cost nothing extra, and a client can shift its time by a minute at most.
 */
export function stampFor(
	value: unknown,
	user: Author,
	now = new Date()
): { by: Author; at: string } | null {
	const stamp = { by: { id: user.id, name: user.name }, at: now.toISOString() };
	if (typeof value !== 'object' || value === null) return stamp;
	const { by, at } = value as { by?: unknown; at?: unknown };
	const rightAuthor =
		typeof by === 'object' &&
		by !== null &&
		Object.keys(by).length === 2 &&
		(by as Author).id === user.id &&
		(by as Author).name === user.name;
	const time = typeof at === 'string' ? Date.parse(at) : NaN;
	const serverLikeTime =
		Number.isFinite(time) &&
		new Date(time).toISOString() === at &&
		Math.abs(time - now.getTime()) <= AT_TOLERANCE_MS;
	return rightAuthor && serverLikeTime ? null : stamp;
}

/**
 * Keeps an upper bound on a doc's encoded size from the updates it emits, and measures the real
 * size only when the bound says an update might not fit.
 */
export class BoardSize {
	private bound = 0;
	/** The last measured size, and whether anything was deleted since (only then can it shrink). */
	private measured = 0;
	private deletedSince = true;

	constructor(
		private readonly doc: Y.Doc,
		private readonly limit: () => number = boardMaxBytes
	) {
		doc.on('update', (update: Uint8Array) => {
			this.bound += update.byteLength;
		});
	}

	/** Whether `bytes` more would still fit (a measurement is made only near the limit). */
	fits(bytes: number, deletes: boolean, share = 1): boolean {
		if (deletes) this.deletedSince = true;
		const limit = Math.floor(this.limit() * share);
		if (this.bound + bytes <= limit) return true;
		if (!this.deletedSince && this.measured + bytes > limit) return false;
		this.measured = Y.encodeStateAsUpdate(this.doc).byteLength;
		this.bound = this.measured;
		this.deletedSince = false;
		return this.measured + bytes <= limit;
	}
}

export interface Vetted {
	/** What to apply: the update itself, or a copy with the refused structs' content taken out. */
	update: Uint8Array;
	/** A deletion of every refused struct, for the sender; null when nothing was refused. */
	undo: Uint8Array | null;
	/**
	 * Keys of the client maps a refused write went to. Writing a key deletes its previous value,
	 * and a Yjs deletion cannot be taken back, so the room writes that value again.
	 */
	displaced: { map: 'allocations' | 'notes'; key: string }[];
	notice: Notice | null;
}

type Where = { map: string; key: string } | 'elsewhere' | 'unknown';

/** Checks a client's update against the board's rules; throws on a malformed update. */
export function vetUpdate(doc: Y.Doc, update: Uint8Array, size: BoardSize): Vetted {
	const decoded = Y.decodeUpdate(update);
	const { ds } = decoded;
	const structs = withoutGaps(doc, decoded.structs);
	const gaps = structs.length < decoded.structs.length;
	const fresh = structs.filter(
		(s): s is Y.Item =>
			s instanceof Y.Item && s.id.clock + s.length > Y.getState(doc.store, s.id.client)
	);
	const where = locator(doc, fresh);
	const refused = new Set<Y.Item>();
	let adds = false;
	for (const item of fresh) {
		const at = where(item);
		// a deleted item carries no content, but elsewhere it would still create a top-level type
		const allowed =
			typeof at === 'object' && (item.content instanceof Y.ContentDeleted || allowedItem(at, item));
		if (allowed) adds = true;
		else refused.add(item);
	}
	const deletes = ds.clients.size > 0;
	let notice: Notice | null = refused.size
		? { kind: 'invalid', message: 'That change is not something a board holds and was undone' }
		: null;
	let keep = keepsPlace;
	if (adds && !size.fits(update.byteLength, deletes)) {
		for (const item of fresh) refused.add(item);
		notice = {
			kind: 'board-full',
			message: 'This board is full: remove notes or allocations to make room'
		};
		// Refused items kept in place still cost their ids; past a ceiling a flood of them is kept
		// as bare ranges instead (an honest client may then have to reload to write that key).
		if (!size.fits(update.byteLength, false, 1 + CEILING_MARGIN)) keep = () => false;
	} else if (deletes) size.fits(0, true);
	const deletions = knownDeletions(doc, structs, ds);
	if (refused.size === 0 && !deletions.clipped && !gaps)
		return { update, undo: null, notice: null, displaced: [] };
	const displaced = [...refused]
		.map(where)
		.filter(
			(at): at is { map: 'allocations' | 'notes'; key: string } =>
				typeof at === 'object' && keep(at) && !isServerOwned(at.map)
		);
	return {
		update: rewrite(structs, deletions.ranges, refused, (s) => keep(where(s))),
		undo: refused.size ? deletion([...refused]) : null,
		notice,
		displaced
	};
}

const isServerOwned = (map: string) => (SERVER_OWNED as readonly string[]).includes(map);

function allowedItem(at: { map: string; key: string }, item: Y.Item): boolean {
	if (!KEY.test(at.key) || isServerOwned(at.map)) return false;
	return (
		item.content instanceof Y.ContentAny &&
		item.content.arr.length === 1 &&
		allowedValue(at.map, item.content.arr[0])
	);
}

/**
 * Where an item would land: a key of one of the board's maps, somewhere else (another top-level
 * type, a nested type, a list position), or unknown (its origin is neither in the doc nor in the
 * update). Items written next to an existing one carry no parent on the wire; they take their
 * origin's, as Yjs does when it integrates them.
 */
function locator(doc: Y.Doc, fresh: Y.Item[]): (item: Y.Item) => Where {
	const byClient = new Map<number, Y.Item[]>();
	for (const item of fresh)
		byClient.set(item.id.client, [...(byClient.get(item.id.client) ?? []), item]);
	const memo = new Map<Y.Item, Where>();
	const inUpdate = (id: Y.ID) =>
		byClient
			.get(id.client)
			?.find((i) => i.id.clock <= id.clock && id.clock < i.id.clock + i.length) ?? null;

	const placed = (parent: unknown, parentSub: string | null): Where => {
		if (
			typeof parent !== 'string' ||
			!(BOARD_MAPS as readonly string[]).includes(parent) ||
			parentSub === null
		)
			return 'elsewhere';
		return { map: parent, key: parentSub };
	};
	const inDoc = (id: Y.ID): Where => {
		if (id.clock >= Y.getState(doc.store, id.client)) return 'unknown';
		const struct = Y.getItem(doc.store, id) as Y.Item | Y.GC;
		if (!(struct instanceof Y.Item)) return 'elsewhere';
		const parent = struct.parent as Y.AbstractType<unknown>;
		if (parent._item !== null) return 'elsewhere';
		return placed(Y.findRootTypeKey(parent), struct.parentSub);
	};
	const locate = (item: Y.Item, depth: number): Where => {
		const known = memo.get(item);
		if (known) return known;
		let found: Where;
		if (item.parent !== null) found = placed(item.parent, item.parentSub);
		else {
			const next = item.origin ?? item.rightOrigin;
			const neighbour = next && inUpdate(next);
			if (!next) found = 'unknown';
			else if (neighbour)
				found = neighbour === item || depth > 10_000 ? 'unknown' : locate(neighbour, depth + 1);
			else found = inDoc(next);
		}
		memo.set(item, found);
		return found;
	};
	return (item) => locate(item, 0);
}

type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/** The update again, with each refused item's content removed (see the module comment). */
function rewrite(
	structs: (Y.Item | Y.GC | Y.Skip)[],
	deletions: [number, [number, number][]][],
	refused: Set<Y.Item>,
	keepsPlace: (item: Y.Item) => boolean
): Uint8Array {
	const encoder = new Y.UpdateEncoderV1();
	const sections: (Y.Item | Y.GC | Y.Skip)[][] = [];
	for (const s of structs) {
		const last = sections.at(-1);
		const prev = last?.at(-1);
		if (prev && prev.id.client === s.id.client && prev.id.clock + prev.length === s.id.clock)
			last!.push(s);
		else sections.push([s]);
	}
	if (new Set(sections.map((s) => s[0].id.client)).size !== sections.length)
		throw new Error('one client in two sections');
	encoding.writeVarUint(encoder.restEncoder, sections.length);
	for (const section of sections) {
		encoding.writeVarUint(encoder.restEncoder, section.length);
		encoder.writeClient(section[0].id.client);
		encoding.writeVarUint(encoder.restEncoder, section[0].id.clock);
		for (const s of section) {
			if (!(s instanceof Y.Item) || !refused.has(s)) s.write(encoder, 0);
			else if (keepsPlace(s)) {
				new Y.Item(
					s.id,
					null,
					s.origin,
					null,
					s.rightOrigin,
					s.parent,
					s.parentSub,
					new Y.ContentDeleted(s.length)
				).write(encoder, 0);
			} else new Y.GC(s.id, s.length).write(encoder, 0);
		}
	}
	writeDeleteSet(encoder.restEncoder, deletions);
	return encoder.toUint8Array();
}

/**
 * The structs that follow on from what the doc has. One after a gap would wait in the doc as
 * pending (and be sent to every client that syncs) until the gap is filled; over one ordered
 * websocket an honest client never leaves one, so what lies beyond a gap is dropped.
 */
function withoutGaps(doc: Y.Doc, structs: (Y.Item | Y.GC | Y.Skip)[]): (Y.Item | Y.GC | Y.Skip)[] {
	const reach = new Map<number, number>();
	return structs.filter((s) => {
		const client = s.id.client;
		const upTo = reach.get(client) ?? Y.getState(doc.store, client);
		if (s.id.clock > upTo) {
			reach.set(client, -1);
			return false;
		}
		if (!(s instanceof Y.Skip)) reach.set(client, Math.max(upTo, s.id.clock + s.length));
		return true;
	});
}

/**
 * The update's deletions, clipped to what exists (in the doc or in the update). Yjs would keep a
 * deletion of anything else as pending, in the doc for good; an honest client deletes only what it
 * has, and what it has, the server has.
 */
function knownDeletions(doc: Y.Doc, structs: (Y.Item | Y.GC | Y.Skip)[], ds: DeleteSet) {
	const known = new Map<number, number>();
	for (const s of structs) {
		const end = s.id.clock + s.length;
		known.set(s.id.client, Math.max(known.get(s.id.client) ?? 0, end));
	}
	let clipped = false;
	const ranges: [number, [number, number][]][] = [];
	for (const [client, items] of ds.clients) {
		const limit = Math.max(known.get(client) ?? 0, Y.getState(doc.store, client));
		const kept: [number, number][] = [];
		for (const { clock, len } of items) {
			const end = Math.min(clock + len, limit);
			if (end < clock + len) clipped = true;
			if (end > clock) kept.push([clock, end - clock]);
		}
		if (kept.length) ranges.push([client, kept]);
	}
	return { ranges, clipped };
}

/** A refused item of a board map keeps its place in the key's history (see the module comment). */
function keepsPlace(at: Where): boolean {
	return typeof at === 'object' && KEY.test(at.key);
}

/** An update that only deletes the given items. */
function deletion(items: Y.Item[]): Uint8Array {
	const byClient = new Map<number, [number, number][]>();
	for (const i of items)
		byClient.set(i.id.client, [...(byClient.get(i.id.client) ?? []), [i.id.clock, i.length]]);
	return deletionUpdate([...byClient]);
}

/** A v1 update holding only deletions: per client, [clock, length] ranges. */
export function deletionUpdate(clients: [number, [number, number][]][]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	writeDeleteSet(encoder, clients);
	return encoding.toUint8Array(encoder);
}

/** Yjs's v1 delete set layout (its own writer is not exported). */
function writeDeleteSet(encoder: encoding.Encoder, clients: [number, [number, number][]][]): void {
	encoding.writeVarUint(encoder, clients.length);
	for (const [client, ranges] of clients) {
		encoding.writeVarUint(encoder, client);
		encoding.writeVarUint(encoder, ranges.length);
		for (const [clock, len] of ranges) {
			encoding.writeVarUint(encoder, clock);
			encoding.writeVarUint(encoder, len);
		}
	}
}
