/**
 * The PTL export, called as SvelteKit calls `GET /api/pathways` on a real database: the whole
 * filtered list (not the page), in the page's order, masked NHS numbers, a file name that says
 * which list and when, an audit entry per export; a format it does not write is a 400 that
 * changes nothing.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { registerDatabase, type OpenDatabase } from '../../db';
import { auditLog } from '../../db/schema';
import { createUser, type SessionUser } from '../../src/lib/server/auth';
import { GET as pathways } from '../../src/routes/api/pathways/+server';
import type { PtlPage } from '../../src/lib/server/ptl';
import { targets } from './databases';
import { loadFixture } from './fixtures';
import { requestEvent } from './requestEvent';

/** A CSV line's fields (the fixture's values hold no quotes or line breaks). */
function fields(line: string): string[] {
	const out: string[] = [];
	for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
		out.push(m[1].startsWith('"') ? m[1].slice(1, -1).replaceAll('""', '"') : m[1]);
		if (m[2] === '') break;
	}
	return out;
}

describe.each(targets)('the PTL export on $name', (target) => {
	let open: OpenDatabase;
	let coordinator: SessionUser;
	let manager: SessionUser;

	const get = (path: string, user: SessionUser) =>
		pathways(requestEvent(path, { method: 'GET', user }) as never) as Promise<Response>;
	const exports = () =>
		open.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'ptl.export'))
			.orderBy(desc(auditLog.id));

	beforeAll(async () => {
		open = await target.open();
		registerDatabase(open);
		await loadFixture(open);
		const person = (role: SessionUser['role'], n: number) =>
			createUser(
				open.db,
				{ email: `x${n}@example.test`, name: `Person ${n}`, role, password: 'a long password' },
				null
			);
		coordinator = await person('coordinator', 1);
		manager = await person('manager', 2);
	});
	afterAll(async () => {
		await open?.close();
	});

	it('writes every row the filters match, in the page’s order, whatever the page size', async () => {
		const page = (await (await get('/api/pathways?pageSize=500', coordinator)).json()) as PtlPage;
		expect(page.total).toBe(8);

		const res = await get('/api/pathways?format=csv&pageSize=25&page=2', coordinator);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe(
			`attachment; filename="ptl-${page.censusDate}.csv"`
		);
		const lines = (await res.text()).split('\r\n').filter(Boolean);
		const header = fields(lines[0]);
		expect(header.slice(0, 3)).toEqual([
			'Patient',
			'NHS number (masked)',
			'Treatment function code'
		]);
		const rows = lines.slice(1).map(fields);
		expect(rows).toHaveLength(8);
		expect(rows.map((r) => r[0])).toEqual(page.items.map((i) => i.name));
		expect(rows.map((r) => r[1])).toEqual(page.items.map((i) => i.nhsNumberMasked));
		for (const r of rows) expect(r[1]).toMatch(/^\*\*\* \*\*\* \d{4}$/);
		const at = (name: string) => header.indexOf(name);
		expect(rows.map((r) => r[at('18-week date')])).toEqual(page.items.map((i) => i.rttDeadline));
		expect(rows.map((r) => Number(r[at('Days waited')]))).toEqual(
			page.items.map((i) => i.daysWaited)
		);

		const [audit] = await exports();
		expect(audit).toMatchObject({ userId: coordinator.id, entity: 'ptl' });
		expect(audit.after).toMatchObject({ format: 'csv', rows: 8, filters: { sort: 'priority' } });
	});

	it('writes the same list as an Excel workbook, with dates as dates and numbers as numbers', async () => {
		const page = (await (await get('/api/pathways?pageSize=500', coordinator)).json()) as PtlPage;
		const res = await get('/api/pathways?format=xlsx&booked=unbooked', coordinator);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe(
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
		);
		expect(res.headers.get('content-disposition')).toBe(
			`attachment; filename="ptl-unbooked-${page.censusDate}.xlsx"`
		);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await res.arrayBuffer());
		const sheet = book.getWorksheet('PTL')!;
		const header = (sheet.getRow(1).values as unknown[]).slice(1);
		expect(header.slice(0, 2)).toEqual(['Patient', 'NHS number (masked)']);
		const unbooked = page.items.filter((i) => i.bookedDate === null);
		expect(sheet.rowCount).toBe(unbooked.length + 1);
		const column = (name: string) => header.indexOf(name) + 1;
		unbooked.forEach((item, n) => {
			const row = sheet.getRow(n + 2);
			expect(row.getCell(1).value).toBe(item.name);
			expect(row.getCell(column('Days waited')).value).toBe(item.daysWaited);
			const deadline = row.getCell(column('18-week date')).value;
			expect(deadline).toBeInstanceOf(Date);
			expect((deadline as Date).toISOString().slice(0, 10)).toBe(item.rttDeadline);
		});
		const [audit] = await exports();
		expect(audit.after).toMatchObject({ format: 'xlsx', rows: unbooked.length });
	});

	it('applies the filters, and names the file after them', async () => {
		const json = (await (
			await get('/api/pathways?specialty=120&booked=unbooked&pageSize=500', coordinator)
		).json()) as PtlPage;
		const res = await get('/api/pathways?specialty=120&booked=unbooked&format=csv', coordinator);
		expect(res.headers.get('content-disposition')).toBe(
			`attachment; filename="ptl-120-unbooked-${json.censusDate}.csv"`
		);
		const rows = (await res.text()).split('\r\n').filter(Boolean).slice(1).map(fields);
		expect(rows.map((r) => r[0])).toEqual(json.items.map((i) => i.name));
		expect(rows.length).toBe(json.total);
		expect(rows.length).toBeGreaterThan(0);
	});

	it('refuses a format it does not write, and a bad filter, with the reason, and records nothing', async () => {
		const before = (await exports()).length;
		const xml = await get('/api/pathways?format=xml', coordinator);
		expect(xml.status).toBe(400);
		expect(await xml.json()).toEqual({ message: 'format: one of json, csv, xlsx (it was "xml")' });
		const band = await get('/api/pathways?format=csv&band=7', coordinator);
		expect(band.status).toBe(400);
		expect(((await band.json()) as { message: string }).message).toMatch(/^band: /);
		expect((await exports()).length).toBe(before);
	});

	it('is refused to a role that may not see the PTL', async () => {
		await expect(get('/api/pathways?format=csv', manager)).rejects.toMatchObject({ status: 403 });
	});
});
