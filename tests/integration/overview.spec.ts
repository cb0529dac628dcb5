import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { waitsBySpecialty } from '../../src/lib/server/overview';
import { CENSUS, loadFixture } from './fixtures';
import { targets } from './databases';

describe.each(targets)('overview figures on $name', (target) => {
	let open: OpenDatabase;
	beforeAll(async () => {
		open = await target.open();
		await loadFixture(open);
	});
	afterAll(async () => {
		await open?.close();
	});

	it('counts open pathways against the national thresholds, as worked out by hand', async () => {
		const rows = await waitsBySpecialty(open.db, CENSUS);
		// ENT: waits 10, 126, 127, 365 (booked). T&O: 729, 400, 60, 456 (booked); Irwin's clock stopped.
		expect(rows).toEqual([
			{
				specialty: '110',
				name: 'Trauma & Orthopaedics',
				total: 4,
				within18: 1,
				over52: 3,
				over65: 2,
				over78: 1,
				over104: 1,
				unbooked: 3
			},
			{
				specialty: '120',
				name: 'ENT',
				total: 4,
				within18: 2,
				over52: 1,
				over65: 0,
				over78: 0,
				over104: 0,
				unbooked: 3
			}
		]);
	});

	it('agrees with an independent count in days waited', async () => {
		const [expected] = await open.query<{ within18: number; over52: number }>(
			`select count(*) filter (where $1::date - clock_start <= 126)::int as within18,
			        count(*) filter (where $1::date - clock_start > 364)::int as over52
			 from pathways where rtt_status in ('10','11','12','20','21')`,
			[CENSUS]
		);
		const rows = await waitsBySpecialty(open.db, CENSUS);
		expect(rows.reduce((t, r) => t + r.within18, 0)).toBe(expected.within18);
		expect(rows.reduce((t, r) => t + r.over52, 0)).toBe(expected.over52);
	});
});
