/**
 * The check that matters: every update the server relayed to a watcher (an accepted edit) is in
 * the database and applies. The board is reloaded from the stored snapshot and update log into a
 * fresh doc, as a fresh server would, and compared struct by struct with the watcher's doc.
 */
import * as Y from 'yjs';
import type { OpenDatabase } from '../../db';
import { applyStoredBoard } from '../../src/lib/server/planner/storedDoc';

export interface Comparison {
	/** Allocation edits the watcher saw (one Yjs item each). */
	editsChecked: number;
	/** Of those, how many the reloaded board lacks or cannot apply. */
	editsLost: number;
	/** Every struct (allocations, conflicts, anything) the watcher saw, and how many are lost. */
	structsChecked: number;
	structsLost: number;
	/** Deletions (overwritten allocations) the watcher saw that the reloaded board lacks. */
	deletionsLost: number;
	/** The reloaded doc holds updates it cannot apply (a gap in the log). */
	pending: boolean;
}

export async function reloadBoard(open: OpenDatabase, boardId: number): Promise<Y.Doc> {
	const doc = new Y.Doc();
	await applyStoredBoard(open.db, boardId, doc, 'reload');
	return doc;
}

const stateVector = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));

/** Whether `doc` holds every struct `other` holds, client by client. */
export function covers(doc: Y.Doc, other: Y.Doc): boolean {
	const have = stateVector(doc);
	return [...stateVector(other)].every(([client, clock]) => (have.get(client) ?? 0) >= clock);
}

export function compareWithWatcher(watcher: Y.Doc, reloaded: Y.Doc): Comparison {
	const stored = stateVector(reloaded);
	const allocations = watcher.getMap('allocations') as unknown as Y.AbstractType<unknown>;
	const result: Comparison = {
		editsChecked: 0,
		editsLost: 0,
		structsChecked: 0,
		structsLost: 0,
		deletionsLost: 0,
		pending: reloaded.store.pendingStructs !== null || reloaded.store.pendingDs !== null
	};
	for (const [client, structs] of watcher.store.clients) {
		const have = stored.get(client) ?? 0;
		for (const struct of structs) {
			// deleted neighbours merge into one struct: count clock by clock, one per edit
			const isEdit = struct instanceof Y.Item && struct.parent === allocations;
			for (let clock = struct.id.clock; clock < struct.id.clock + struct.length; clock++) {
				const lost = clock >= have;
				result.structsChecked++;
				if (lost) result.structsLost++;
				if (isEdit) {
					result.editsChecked++;
					if (lost) result.editsLost++;
				}
			}
		}
	}
	const deleted = Y.createDeleteSetFromStructStore(reloaded.store);
	const seenDeleted = Y.createDeleteSetFromStructStore(watcher.store);
	for (const [client, ranges] of seenDeleted.clients) {
		// a deletion of a struct already counted as lost is not counted twice
		const have = stored.get(client) ?? 0;
		for (const range of ranges) {
			for (let clock = range.clock; clock < Math.min(range.clock + range.len, have); clock++) {
				if (!Y.isDeleted(deleted, Y.createID(client, clock))) result.deletionsLost++;
			}
		}
	}
	return result;
}

export function describeComparison(c: Comparison): string {
	return (
		`${c.editsLost} of ${c.editsChecked} accepted edits lost ` +
		`(${c.structsLost} of ${c.structsChecked} structs, ${c.deletionsLost} deletions` +
		`${c.pending ? ', the reloaded board holds unappliable pending updates' : ''})`
	);
}
