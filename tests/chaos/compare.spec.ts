import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compareWithWatcher } from './compare';

/** Three edits by one editor, each captured as the update the server would relay and store. */
function threeEdits() {
	const editor = new Y.Doc();
	const updates: Uint8Array[] = [];
	editor.on('update', (u: Uint8Array) => updates.push(u));
	const allocations = editor.getMap('allocations');
	for (const sessionId of [1, 2, 3])
		allocations.set('7', { sessionId, by: { id: 1, name: 'A' }, at: 'now' });
	const watcher = new Y.Doc();
	for (const u of updates) Y.applyUpdate(watcher, u);
	return { updates, watcher };
}

function reloadedFrom(updates: Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	for (const u of updates) Y.applyUpdate(doc, u);
	return doc;
}

describe('comparing a reloaded board with what a watcher saw', () => {
	it('finds nothing lost when every update was stored', () => {
		const { updates, watcher } = threeEdits();
		expect(compareWithWatcher(watcher, reloadedFrom(updates))).toEqual({
			editsChecked: 3,
			editsLost: 0,
			structsChecked: 3,
			structsLost: 0,
			deletionsLost: 0,
			pending: false
		});
	});

	it('counts a lost tail', () => {
		const { updates, watcher } = threeEdits();
		expect(compareWithWatcher(watcher, reloadedFrom(updates.slice(0, 1)))).toMatchObject({
			editsLost: 2,
			pending: false
		});
	});

	it('counts edits stored after a gap as lost, and flags them pending', () => {
		const { updates, watcher } = threeEdits();
		const comparison = compareWithWatcher(watcher, reloadedFrom([updates[0], updates[2]]));
		expect(comparison).toMatchObject({ editsChecked: 3, editsLost: 2, pending: true });
	});

	it('counts a deletion the reloaded board lacks', () => {
		const { updates, watcher } = threeEdits();
		watcher.getMap('allocations').delete('7');
		expect(compareWithWatcher(watcher, reloadedFrom(updates))).toMatchObject({
			editsLost: 0,
			deletionsLost: 1
		});
	});
});
