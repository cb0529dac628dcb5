import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AT_TOLERANCE_MS, BoardSize, deletionUpdate, stampFor, vetUpdate } from './docPolicy';

const alice = { id: 7, name: 'Alice Coordinator' };
const now = new Date('2026-06-01T10:00:00.000Z');

/** Every update a client doc emits while `edit` runs. */
function updatesOf(doc: Y.Doc, edit: () => void): Uint8Array[] {
	const out: Uint8Array[] = [];
	const on = (u: Uint8Array) => out.push(u);
	doc.on('update', on);
	edit();
	doc.off('update', on);
	return out;
}

describe('stampFor', () => {
	it('leaves what the app writes: exactly the user, and a canonical time close to the server’s', () => {
		expect(stampFor({ sessionId: 1, by: alice, at: now.toISOString() }, alice, now)).toBeNull();
		const nearly = new Date(now.getTime() - AT_TOLERANCE_MS).toISOString();
		expect(stampFor({ sessionId: 1, by: { ...alice }, at: nearly }, alice, now)).toBeNull();
	});

	it('stamps anything else', () => {
		const stamp = { by: alice, at: now.toISOString() };
		const late = new Date(now.getTime() + AT_TOLERANCE_MS + 1).toISOString();
		for (const value of [
			{ sessionId: 1 },
			{ sessionId: 1, by: { id: 1, name: 'Alex Admin' }, at: now.toISOString() },
			{ sessionId: 1, by: { id: 7, name: 'Alice' }, at: now.toISOString() },
			{ sessionId: 1, by: { ...alice, role: 'admin' }, at: now.toISOString() },
			{ sessionId: 1, by: alice, at: late },
			{ sessionId: 1, by: alice, at: '2026-06-01T10:00:00Z' },
			{ sessionId: 1, by: alice, at: 12 }
		]) {
			expect(stampFor(value, alice, now)).toEqual(stamp);
		}
	});
});

describe('vetUpdate', () => {
	it('passes an allowed update through untouched', () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		const [update] = updatesOf(client, () =>
			client.getMap('allocations').set('12', { sessionId: 3, by: alice, at: now.toISOString() })
		);
		const vetted = vetUpdate(server, update, new BoardSize(server));
		expect(vetted).toEqual({ update, undo: null, notice: null, displaced: [] });
	});

	it('refuses an item whose place cannot be known (its origin is nowhere)', () => {
		const server = new Y.Doc();
		const other = new Y.Doc();
		const client = new Y.Doc();
		const [first] = updatesOf(other, () => other.getMap('notes').set('5', 'first'));
		Y.applyUpdate(client, first);
		const [second] = updatesOf(client, () => client.getMap('notes').set('5', 'second'));
		const vetted = vetUpdate(server, second, new BoardSize(server));
		expect(vetted.notice?.kind).toBe('invalid');
		Y.applyUpdate(server, vetted.update);
		expect(JSON.stringify(server.toJSON())).not.toContain('second');
		expect(server.store.pendingStructs).toBeNull();
	});

	it('keeps a flood of refused items past the ceiling as bare ranges, so the doc cannot grow', () => {
		const server = new Y.Doc();
		const size = new BoardSize(server, () => 2000);
		const client = new Y.Doc();
		const notes = client.getMap('notes');
		for (let i = 0; i < 500; i++) {
			notes.set(String(i), 'x');
			notes.delete(String(i));
		}
		const flood = Y.encodeStateAsUpdate(client);
		expect(flood.byteLength).toBeGreaterThan(2200);
		const vetted = vetUpdate(server, flood, size);
		expect(vetted.notice?.kind).toBe('board-full');
		Y.applyUpdate(server, vetted.update);
		expect(Y.encodeStateAsUpdate(server).byteLength).toBeLessThan(100);
		// the sender is given the deletion of all it sent
		expect(vetted.undo).not.toBeNull();
	});

	it('drops what lies beyond a gap (Yjs would keep it pending, and send it to every client)', () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		const notes = client.getMap('notes');
		const [, second] = updatesOf(client, () => {
			notes.set('1', 'a');
			notes.set('2', 'x'.repeat(900));
		});
		const vetted = vetUpdate(server, second, new BoardSize(server));
		Y.applyUpdate(server, vetted.update);
		expect(server.store.pendingStructs).toBeNull();
		expect(Y.encodeStateAsUpdate(server).byteLength).toBeLessThan(20);
	});

	it('drops deletions of what exists nowhere (Yjs would keep them pending, in the doc for good)', () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		const [write] = updatesOf(client, () => client.getMap('notes').set('1', 'kept'));
		Y.applyUpdate(server, vetUpdate(server, write, new BoardSize(server)).update);
		const ranges = Array.from({ length: 300 }, (_, i): [number, number] => [i * 10, 5]);
		const forged = deletionUpdate([
			[client.clientID, [[0, 1]]],
			[424242, ranges]
		]);
		const vetted = vetUpdate(server, forged, new BoardSize(server));
		Y.applyUpdate(server, vetted.update);
		expect(server.store.pendingDs).toBeNull();
		expect(server.getMap('notes').has('1')).toBe(false); // the real deletion still applies
		expect(Y.encodeStateAsUpdate(server).byteLength).toBeLessThan(40);
	});
});
