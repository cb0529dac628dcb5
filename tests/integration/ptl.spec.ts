import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { parsePtlFilters, queryPtl, type PtlItem } from '../../src/lib/server/ptl';
import { AppError } from '../../src/lib/server/errors';
import {
	addPathway,
	addPatient,
	addTestSite,
	CENSUS,
	loadFixture,
	testNhsNumber
} from './fixtures';
import { targets } from './databases';

const filters = (query: string) => parsePtlFilters(new URLSearchParams(query));

describe.each(targets)('PTL on $name', (target) => {
	let open: OpenDatabase;
	let ids: Record<string, number>;
	const keysOf = (items: { id: number }[]) =>
		items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]);
	const run = async (query: string) => queryPtl(open.db, filters(query), CENSUS);

	beforeAll(async () => {
		open = await target.open();
		ids = await loadFixture(open);
	});
	afterAll(async () => {
		await open?.close();
	});

	it('lists open pathways only, by priority then longest wait, missing priority last', async () => {
		const page = await run('');
		expect(page.total).toBe(8); // Irwin's clock has stopped (30)
		expect(keysOf(page.items)).toEqual(['f', 'c', 'd', 'b', 'e', 'h', 'a', 'g']);
	});

	it.each([
		['specialty=120', ['c', 'd', 'b', 'a']],
		['listType=admitted', ['f', 'c', 'd', 'e']],
		['specialty=110&listType=outpatient', ['h', 'g']],
		['rtt=within', ['b', 'a', 'g']],
		['rtt=past', ['f', 'c', 'd', 'e', 'h']],
		['band=0-18', ['b', 'a', 'g']],
		['band=18-52', ['c']],
		['band=52-65', ['f', 'd']],
		['band=65-78', ['h']],
		['band=104%2B', ['e']],
		['booked=booked', ['d', 'h']],
		['booked=unbooked', ['f', 'c', 'b', 'e', 'a', 'g']],
		['priority=P4', ['e', 'h', 'a']],
		['priority=none', ['g']],
		['priority=P2,P3', ['c', 'd', 'b']],
		['q=dawson', ['d']],
		['sort=wait', ['e', 'h', 'f', 'd', 'c', 'b', 'g', 'a']]
	])('filters %s', async (query, expected) => {
		const page = await run(query);
		expect(keysOf(page.items)).toEqual(expected);
		expect(page.total).toBe(expected.length);
	});

	it('pages on the server', async () => {
		// the eight pathways here fill no page the menu offers: the query pages whatever size
		// the boundary let through
		const page = await queryPtl(open.db, { ...filters('page=2'), pageSize: 3 }, CENSUS);
		expect(page.total).toBe(8);
		expect(keysOf(page.items)).toEqual(['b', 'e', 'h']);
	});

	it('computes the RTT figures of each row', async () => {
		const { items } = await run('');
		const byKey = Object.fromEntries(items.map((i) => [keysOf([i])[0], i]));
		expect(byKey.b).toMatchObject({ daysWaited: 126, weekBand: 18, rttDeadline: CENSUS });
		expect(byKey.c).toMatchObject({
			daysWaited: 127,
			weekBand: 19,
			priorityDue: '2026-05-20',
			priorityOverdue: true
		});
		expect(byKey.f).toMatchObject({ priorityDue: '2026-06-03', priorityOverdue: false });
		expect(byKey.e.weekBand).toBe(105);
		expect(byKey.d.bookedDate).toBe('2026-06-08');
		expect(byKey.a.nhsNumberMasked).toMatch(/^\*\*\* \*\*\* \d{4}$/);
	});

	it('agrees with an independent SQL count of patients past 18 weeks', async () => {
		const [row] = await open.query<{ n: number }>(
			`select count(*)::int as n from pathways
			 where rtt_status in ('10','11','12','20','21') and ($1::date - clock_start) > 126`,
			[CENSUS]
		);
		expect((await run('rtt=past')).total).toBe(row.n);
	});
	/** Whether `values` are in order (`compare` ≤ 0 pair by pair), empty ones (null) all last. */
	const inOrder = <T>(values: (T | null)[], compare: (a: T, b: T) => number) => {
		const firstEmpty = values.indexOf(null);
		const filled = (firstEmpty < 0 ? values : values.slice(0, firstEmpty)) as T[];
		return (
			(firstEmpty < 0 || values.slice(firstEmpty).every((v) => v === null)) &&
			filled.every((v, i) => i === 0 || compare(filled[i - 1], v) <= 0)
		);
	};
	const text = (a: string, b: string) => a.localeCompare(b);

	it.each([
		['validation', (i: PtlItem) => i.validationDue, text],
		['booked', (i: PtlItem) => i.bookedDate, text],
		['name', (i: PtlItem) => i.name.toLowerCase(), text],
		['specialty', (i: PtlItem) => i.specialty, text],
		['wait', (i: PtlItem) => i.clockStart, text]
	] as const)(
		'sorts by the %s column, and the reverse, empty values last',
		async (sort, value, compare) => {
			const up = (await run(`sort=${sort}`)).items.map(value);
			const down = (await run(`sort=${sort}&dir=desc`)).items.map(value);
			expect(
				new Set(up.filter((v) => v !== null)).size,
				'the fixture has different values to order'
			).toBeGreaterThan(1);
			expect(inOrder(up, compare), up.join(' | ')).toBe(true);
			expect(
				inOrder(down, (a, b) => compare(b, a)),
				down.join(' | ')
			).toBe(true);
			expect(down).not.toEqual(up);
		}
	);

	it('keeps treat in turn among equal values of a column', async () => {
		const { items } = await run('sort=specialty');
		const ent = items.filter((i) => i.specialty === '120');
		expect(keysOf(ent)).toEqual(['c', 'd', 'b', 'a']);
	});
});

describe('PTL filter parsing', () => {
	it.each([
		['priority=P9', /priority/],
		['listType=inpatient', /listType/],
		['pageSize=1000', /pageSize/],
		['pageSize=30', /^pageSize: must be one of 25, 50, 100, 200, 500 \(not "30"\)$/],
		['pageSize=50.0', /pageSize/],
		['page=0', /page/],
		['specialty=ENT', /specialty/],
		['band=3-4', /band/],
		['colour=red', /unknown filter: colour/],
		['sort=nhs', /sort/],
		['dir=up', /dir/]
	])('refuses %s with a message naming the field', (query, message) => {
		expect(() => filters(query)).toThrow(AppError);
		expect(() => filters(query)).toThrow(message);
	});

	it.each([25, 50, 100, 200, 500])('takes a page of %i rows, a size the menu offers', (size) => {
		expect(filters(`pageSize=${size}`).pageSize).toBe(size);
	});

	it('pages 50 rows at a time unless asked otherwise', () => {
		expect(filters('').pageSize).toBe(50);
	});

	it('ignores empty values, as a GET form sends them', () => {
		expect(filters('specialty=&priority=&page=2')).toMatchObject({ page: 2, sort: 'priority' });
	});
});

describe.each(targets)('PTL search on $name', (target) => {
	let open: OpenDatabase;
	const names: Record<number, string> = {};
	const run = async (q: string) =>
		(await queryPtl(open.db, filters(`q=${encodeURIComponent(q)}`), CENSUS)).items.map(
			(i) => names[i.id]
		);

	beforeAll(async () => {
		open = await target.open();
		await addTestSite(open);
		const people: [string, string][] = [
			['Simpson', 'Grace'],
			['Simpson', 'Graham'],
			['Simpson', 'Alan'],
			['Simpson-Hart', 'Grace'],
			['Graceson', 'Amy']
		];
		let n = 0;
		for (const [familyName, givenName] of people) {
			const patientId = await addPatient(open, {
				nhsNumber: testNhsNumber('001', ++n),
				familyName,
				givenName
			});
			names[await addPathway(open, patientId)] = `${familyName}, ${givenName}`;
		}
	});
	afterAll(async () => {
		await open?.close();
	});

	it('finds a patient by the name as the list shows it, "SURNAME, Forename"', async () => {
		expect(await run('SIMPSON, Grace')).toEqual(['Simpson, Grace']);
		// the forename may be the start of one, as typed
		expect((await run('simpson, gra')).sort()).toEqual(['Simpson, Grace', 'Simpson, Graham']);
		expect(await run('SIMPSON-HART, Grace')).toEqual(['Simpson-Hart, Grace']);
	});

	it('still finds by the start of a surname, and takes % and _ as the characters they are', async () => {
		expect(await run('simpson')).toHaveLength(4);
		expect(await run('%')).toEqual([]);
		expect(await run('S_mpson')).toEqual([]);
	});
});
