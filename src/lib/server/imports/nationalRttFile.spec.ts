import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REQUIRED_COLUMNS } from '../../domain/nationalRtt';
import { rttCsv, storedZip } from '../../domain/nationalRttFixture';
import { readNationalRttFiles } from './nationalRttFile';

const dir = mkdtempSync(join(tmpdir(), 'waitwise-rtt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
	const path = join(dir, name);
	writeFileSync(path, content);
	return path;
}

const OCTOBER = rttCsv([
	{ part: 'Part_2', specialty: 'C_999', bands: { 0: 3, 20: 1 } },
	{ part: 'Part_2', specialty: 'C_110', bands: { 0: 3, 20: 1 } }
]);
const SEPTEMBER = rttCsv([
	{ part: 'Part_2', specialty: 'C_999', bands: { 0: 2 }, period: 'RTT-September-2026' },
	{ part: 'Part_2', specialty: 'C_110', bands: { 0: 2 }, period: 'RTT-September-2026' }
]);

describe('reading the national RTT file', () => {
	it('reads the CSV, with a byte-order mark', async () => {
		const read = await readNationalRttFiles([file('october.csv', '\ufeff' + OCTOBER)]);
		expect(read.rows).toBe(2);
		expect(read.problems).toEqual([]);
		expect(read.providers).toHaveLength(1);
		expect(read.providers[0].incomplete).toMatchObject({ total: 4, within18Weeks: 3 });
	});

	it('reads every month in a zip, and several files at once', async () => {
		const zip = file('months.zip', storedZip({ 'sep.csv': SEPTEMBER, 'readme.txt': 'hello' }));
		const read = await readNationalRttFiles([zip, file('oct.csv', OCTOBER)]);
		expect(read.providers.map((p) => [p.period, p.incomplete.total])).toEqual([
			['2026-09', 2],
			['2026-10', 4]
		]);
	});

	it('gives each bad row its line, counting the header as line 1', async () => {
		const bad = OCTOBER.replace(
			/\r\n([^\r]*)\r\n$/,
			(_, last: string) => `\r\n${last.replace('C_110', 'C110')}\r\n`
		);
		const read = await readNationalRttFiles([file('bad.csv', bad)]);
		expect(read.problems).toEqual([
			expect.objectContaining({ line: 3, field: 'Treatment Function Code' })
		]);
	});

	it('refuses a file that is empty, binary, has no header or lacks a column, naming it', async () => {
		await expect(readNationalRttFiles([file('empty.csv', '')])).rejects.toThrow(/is empty/);
		await expect(
			readNationalRttFiles([file('image.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]))])
		).rejects.toThrow(/not a CSV or zip file/);
		await expect(
			readNationalRttFiles([file('ptl.csv', 'nhs_number,surname\n1,2\n')])
		).rejects.toThrow(/not the RTT full CSV header/);
		const lacking = rttCsv(
			[{ part: 'Part_2', specialty: 'C_999' }],
			REQUIRED_COLUMNS.filter((c) => c !== 'Gt 52 To 53 Weeks SUM 1')
		);
		await expect(readNationalRttFiles([file('lacking.csv', lacking)])).rejects.toThrow(
			/lacks the column "Gt 52 To 53 Weeks SUM 1"/
		);
		await expect(
			readNationalRttFiles([file('none.zip', storedZip({ 'a.txt': 'x' }))])
		).rejects.toThrow(/holds no \.csv file/);
	});
});
