/**
 * Issue 17, the fence under a board's owner (planner/boardOwner.ts): once another instance has
 * claimed the board's epoch, the old owner's log writes nothing, relays nothing, does not fall
 * back to its local log, and cannot fold the new owner's rows into a stale snapshot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { OpenDatabase } from '../../db';
import { BoardLog } from '../../src/lib/server/planner/boardLog';
import { claimEpoch, Fenced } from '../../src/lib/server/planner/boardOwner';
import { compactStoredBoard } from '../../src/lib/server/planner/storedDoc';
import { useWriteAheadLog } from '../../src/lib/server/planner/writeAheadLog';
import { seedChaosBoard } from '../chaos/board';
import { targets } from './databases';

describe.each(targets)('a board owner fenced by a newer one on $name', (target) => {
	let open: OpenDatabase;
	let boardId: number;
	const walDir = mkdtempSync(join(tmpdir(), 'ww-fence-'));

	beforeAll(async () => {
		open = await target.open();
		({ boardId } = await seedChaosBoard(open));
	});
	afterAll(async () => {
		await open?.close();
		rmSync(walDir, { recursive: true, force: true });
	});

	const rows = async () =>
		(
			await open.query<{ n: number }>(
				'select count(*)::int as n from board_updates where board_id = $1',
				[boardId]
			)
		)[0].n;

	it('commits under its own epoch, and nothing once another instance claimed the board', async () => {
		const wal = useWriteAheadLog(open, walDir);
		let fenced = 0;
		const log = new BoardLog(
			boardId,
			open,
			{
				takeAudits: () => [],
				committed: () => {},
				savingChanged: () => {},
				fenced: () => fenced++
			},
			wal
		);
		log.fence = await claimEpoch(open.db, boardId);
		const doc = new Y.Doc();
		const edit = (key: string) => {
			const before = Y.encodeStateVector(doc);
			doc.getMap('allocations').set(key, { sessionId: 1 });
			return Y.encodeStateAsUpdate(doc, before);
		};

		const sent: string[] = [];
		log.add(edit('1'), null);
		log.afterDurable(() => sent.push('first'));
		await log.flush();
		expect(sent).toEqual(['first']);
		expect(await rows()).toBe(1);

		// another instance takes the board over
		const newer = await claimEpoch(open.db, boardId);
		expect(newer).toBe(log.fence + 1);

		log.add(edit('2'), null);
		log.afterDurable(() => sent.push('second'));
		await log.flush();
		expect(sent, 'nothing the fenced commit held is relayed').toEqual(['first']);
		expect(fenced).toBe(1);
		expect(await rows(), 'nothing is written').toBe(1);
		expect(log.paused, 'a fence is no outage').toBe(false);
		expect(wal.boards(), 'nor kept in the local log').not.toContain(boardId);

		// the old owner's doc lacks what the new owner writes: it may not compact it away
		await expect(compactStoredBoard(open.db, boardId, doc, newer - 1)).rejects.toBeInstanceOf(
			Fenced
		);
		expect(await rows()).toBe(1);
		await compactStoredBoard(open.db, boardId, doc, newer);
		expect(await rows()).toBe(0);
		log.close();
	});
});
