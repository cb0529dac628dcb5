/**
 * One "today" for the whole trust. With the trust's time zone set where the date is not London's
 * (Pago Pago, UTC−11: still Sunday 31 May when London has reached Monday 1 June), every page,
 * query and job that says which day or which week it is must say the trust's: the PTL's census
 * date, the boards' waits, the dashboards, the overview, the snapshots' week, the records pull
 * list, validation and the records dashboard's period.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerDatabase, type OpenDatabase } from '../../db';
import { daysWaited } from '../../src/lib/domain/rtt';
import { recordsDashboard, parseRecordsFilters } from '../../src/lib/server/dashboards/records';
import { startSnapshotService } from '../../src/lib/server/dashboards/snapshots';
import type { SessionUser } from '../../src/lib/server/auth';
import { teamView } from '../../src/lib/server/records/team';
import { trustDay } from '../../src/lib/server/trustCalendar';
import { load as overviewPage } from '../../src/routes/(app)/+page.server';
import { load as boardPage } from '../../src/routes/(app)/boards/[id=id]/+page.server';
import { loadBreachRiskView } from '../../src/routes/(app)/dashboards/breach-risk/view.server';
import { load as ptlPage } from '../../src/routes/(app)/ptl/+page.server';
import { load as recordsPage } from '../../src/routes/(app)/records/+page.server';
import { load as validationPage } from '../../src/routes/(app)/validation/+page.server';
import { GET as boardApi } from '../../src/routes/api/boards/[id=id]/+server';
import { GET as breachRiskApi } from '../../src/routes/api/dashboards/breach-risk/+server';
import { GET as pathwaysApi } from '../../src/routes/api/pathways/+server';
import { targets } from './databases';
import { addEntBoard, loadFixture } from './fixtures';
import { signedInUser } from './liveServer';
import { requestEvent } from './requestEvent';

/** 06:00 UTC on Monday 1 June 2026: 07:00 in London, 19:00 on Sunday 31 May in Pago Pago. */
const NOW = new Date('2026-06-01T06:00:00Z');
const TRUST_TODAY = '2026-05-31';
const TRUST_MONDAY = '2026-05-25';

describe.each(targets)('the trust calendar on $name', (target) => {
	let open: OpenDatabase;
	let user: SessionUser;
	let boardId: number;

	const get = (path: string, params: Record<string, string> = {}) =>
		requestEvent(path, { method: 'GET', user, params }) as never;
	const json = async (res: Response) => (await res.json()) as Record<string, unknown>;

	beforeAll(async () => {
		open = await target.open();
		registerDatabase(open);
		await loadFixture(open);
		boardId = await addEntBoard(open, 'ENT in Pago Pago');
		user = (await signedInUser(open, 'team_leader')).user;
		await open.query(
			`insert into settings (key, value) values ('trust.timeZone', '"Pacific/Pago_Pago"'::jsonb)
			 on conflict (key) do update set value = excluded.value`
		);
		vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
	});
	afterAll(async () => {
		vi.useRealTimers();
		await open?.close();
	});

	it('knows the day and the week on the trust clocks', async () => {
		expect(await trustDay(open.db)).toEqual({
			timeZone: 'Pacific/Pago_Pago',
			today: TRUST_TODAY,
			monday: TRUST_MONDAY
		});
	});

	it('gives the PTL, its API, the overview and the breach-risk dashboard the trust’s census date', async () => {
		const ptl = (await ptlPage(get('/ptl'))) as { ptl: { censusDate: string } };
		expect(ptl.ptl.censusDate).toBe(TRUST_TODAY);
		expect((await json(await pathwaysApi(get('/api/pathways')))).censusDate).toBe(TRUST_TODAY);
		expect(((await overviewPage(get('/'))) as { home: { census: string } }).home.census).toBe(
			TRUST_TODAY
		);
		const view = await loadBreachRiskView(new URL('http://waitwise.test/dashboards/breach-risk'));
		expect(view.dashboard.census).toBe(TRUST_TODAY);
		const api = await json(await breachRiskApi(get('/api/dashboards/breach-risk')));
		expect(api.census).toBe(TRUST_TODAY);
	});

	it('counts the boards’ waits to the same day as the PTL', async () => {
		type Shown = { id: number; clockStart?: string; daysWaited?: number };
		const page = (await boardPage(get(`/boards/${boardId}`, { id: String(boardId) }))) as {
			reference: { pathways: Shown[] };
		};
		const api = (await json(
			await boardApi(get(`/api/boards/${boardId}`, { id: String(boardId) }))
		)) as { pathways: Shown[] };
		for (const shown of [page.reference.pathways, api.pathways]) {
			expect(shown.length).toBeGreaterThan(0);
			for (const p of shown) expect(p.daysWaited).toBe(daysWaited(p.clockStart!, TRUST_TODAY));
		}
	});

	it('gives the records pull list, validation, the team and the records dashboard the same day and week', async () => {
		const records = (await recordsPage(get('/records'))) as { today: string; date: string };
		expect([records.today, records.date]).toEqual([TRUST_TODAY, TRUST_TODAY]);
		expect(((await validationPage(get('/validation'))) as { census: string }).census).toBe(
			TRUST_TODAY
		);
		expect((await teamView(open.db)).weekStart).toBe(TRUST_MONDAY);
		const figures = await recordsDashboard(open.db, parseRecordsFilters(new URLSearchParams()));
		expect([figures.today, figures.period.to, figures.period.weeks.at(-1)]).toEqual([
			TRUST_TODAY,
			TRUST_TODAY,
			TRUST_MONDAY
		]);
	});

	it('takes the weekly snapshot for the trust’s Monday', async () => {
		const service = startSnapshotService(open.db, () => {});
		await service.close();
		const [latest] = await open.query<{ census: string }>(
			`select max(census)::text as census from waitlist_snapshots`
		);
		expect(latest.census).toBe(TRUST_MONDAY);
	});
});
