import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WriteAheadLog } from './writeAheadLog';

const batch = (n: number) => ({
	rows: [{ userId: n, update: new Uint8Array([n, n + 1, n + 2]) }],
	audits: [{ userId: n, action: 'board-edit', entity: 'board', entityId: 7 }]
});

describe('the boards write-ahead log', () => {
	const dirs: string[] = [];
	const folder = () => {
		const dir = mkdtempSync(join(tmpdir(), 'waitwise-wal-unit-'));
		dirs.push(dir);
		return dir;
	};
	afterEach(() => {
		for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
	});

	it('reads back what was appended, in order, after a restart', async () => {
		const dir = folder();
		const wal = new WriteAheadLog(dir);
		await wal.append(7, batch(1));
		await wal.append(7, batch(2));
		await wal.close();
		const again = new WriteAheadLog(dir);
		expect(again.boards()).toEqual([7]);
		expect(await again.read(7)).toEqual([batch(1), batch(2)]);
		expect(again.waitingUpdates()).toBe(2);
	});

	it('skips a line cut short by a crash, and keeps what a restarted server appends after it', async () => {
		const dir = folder();
		const wal = new WriteAheadLog(dir);
		await wal.append(7, batch(1));
		await wal.close();
		appendFileSync(join(dir, 'board-7.log'), '{"rows":[{"userId":1,"upd');
		const restarted = new WriteAheadLog(dir);
		await restarted.append(7, batch(3));
		expect(await restarted.read(7)).toEqual([batch(1), batch(3)]);
	});

	it('deletes a file only if nothing was appended since the drain read it', async () => {
		const wal = new WriteAheadLog(folder());
		await wal.append(7, batch(1));
		const count = wal.appendCount(7);
		await wal.append(7, batch(2));
		expect(await wal.clearIfUnchanged(7, count)).toBe(false);
		expect(await wal.read(7)).toHaveLength(2);
		expect(await wal.clearIfUnchanged(7, wal.appendCount(7))).toBe(true);
		expect(await wal.read(7)).toEqual([]);
		expect(wal.boards()).toEqual([]);
	});
});
