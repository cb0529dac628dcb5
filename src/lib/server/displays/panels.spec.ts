import { describe, expect, it } from 'vitest';
import type { BreachRiskDashboard } from '../../contracts/dashboards/breachRisk';
import { displayPanelDataSchema } from '../../contracts/realtime/display';
import type { RecordsDisplayPanels } from '../../contracts/dashboards/records';
import { breachPanel, recordsPanel } from './panels';

const tiles = {
	total: 1000,
	within18: 900,
	within18Pct: 90,
	over52: 12,
	over65: 3,
	over78: 0,
	over104: 0,
	pcodeOverdue: 4,
	unbooked: 300,
	breachSoonUnbooked: 0
};

/** A staff dashboard carrying extra fields a display must never be sent. */
const dashboard = {
	census: '2026-06-01',
	generatedAt: '2026-06-01T09:00:00.000Z',
	filters: { specialty: [], listType: null, siteId: null },
	tiles,
	distribution: [
		{ week: 1, count: 10 },
		{ week: 18, count: 5 },
		{ week: 19, count: 7 },
		{ week: 52, count: 1 },
		{ week: 53, count: 2 },
		{ week: 66, count: 3 },
		{ week: 104, count: 4 },
		{ week: 105, count: 6 }
	],
	bySpecialty: [
		{
			...tiles,
			specialty: '110',
			name: 'Trauma & Orthopaedics',
			within18Pct: 85.04,
			longestWaiter: 'SMITH, John'
		},
		{ ...tiles, specialty: '120', name: 'ENT', within18Pct: 95 },
		{ ...tiles, specialty: '130', name: 'Ophthalmology', total: 0, within18Pct: null }
	],
	projection: {
		method: 'Referrals at the last 8 weeks’ rate; booked appointments and free capacity in turn.',
		referralsPerWeek: 41.6,
		weeks: [
			{
				weekStart: '2026-06-08',
				waiting: 990,
				within18Pct: 91,
				newBreaches: 3,
				treated: 50,
				reneged: 0,
				referrals: 40
			},
			{
				weekStart: '2026-06-15',
				waiting: 980,
				within18Pct: 92.5,
				newBreaches: 0,
				treated: 50,
				reneged: 0,
				referrals: 40
			}
		]
	},
	trend: [],
	capacity: [],
	patients: [{ nhsNumber: '9434765919', name: 'SMITH, John' }]
} as unknown as BreachRiskDashboard;

describe('office display panels', () => {
	it('names only the fields it means to send', () => {
		for (const id of ['breach-tiles', 'specialties', 'distribution', 'projection'] as const) {
			const panel = breachPanel(id, dashboard)!;
			expect(displayPanelDataSchema.parse(panel)).toEqual(panel);
			const wire = JSON.stringify(panel);
			expect(wire).not.toContain('SMITH');
			expect(wire).not.toContain('9434765919');
		}
		expect(breachPanel('summarising', dashboard)).toBeNull();
	});

	it('flags the standard and long waits in words as well as colour', () => {
		const { figures } = breachPanel('breach-tiles', dashboard)!;
		const by = Object.fromEntries(figures.map((f) => [f.label, f]));
		expect(by['Within 18 weeks']).toMatchObject({
			value: 90,
			unit: 'pct',
			tone: 'bad',
			note: 'below 92% standard'
		});
		expect(by['Over 52 weeks']).toMatchObject({ value: 12, tone: 'warn', note: 'should be none' });
		expect(by['Over 104 weeks']).toMatchObject({ value: 0, tone: 'good', note: 'none' });
		expect(by['Past P-code date']).toMatchObject({ value: 4, tone: 'bad' });
	});

	it('groups national week bands at the long-waiter thresholds', () => {
		const { bars } = breachPanel('distribution', dashboard)!;
		expect(bars.map((b) => [b.label, b.value])).toEqual([
			['0–18 weeks', 15],
			['18–52 weeks', 8],
			['52–65 weeks', 2],
			['65–78 weeks', 3],
			['78–104 weeks', 4],
			['Over 104 weeks', 6]
		]);
	});

	it('lists specialties worst first and leaves out those with nobody waiting', () => {
		const panel = breachPanel('specialties', dashboard)!;
		expect(panel.bars).toEqual([
			{ label: 'Trauma & Orthopaedics', value: 85, tone: 'bad' },
			{ label: 'ENT', value: 95, tone: 'good' }
		]);
		expect(panel.barUnit).toBe('pct');
	});

	it("says where the list is heading over the projection's horizon", () => {
		const panel = breachPanel('projection', dashboard)!;
		const by = Object.fromEntries(panel.figures.map((f) => [f.label, [f.value, f.note]]));
		expect(by).toEqual({
			'Within 18 weeks': [90, 'below 92% standard'],
			'In 2 weeks': [92.5, 'meets 92% standard'],
			'New breaches': [3, 'next 2 weeks'],
			'Waiting in 2 weeks': [980, '1,000 now']
		});
		expect(panel.title).toBe('Where we are heading');
		expect(panel.bars.map((b) => b.label)).toEqual(['w/c 8 Jun', 'w/c 15 Jun']);
		expect(panel.barsCaption).toBe('New breaches by week, next 2 weeks');
	});

	it('shows the records service as rates and counts only', () => {
		const records = {
			generatedAt: '2026-06-01T09:00:00.000Z',
			availabilityToday: { required: 40, available: 39, ratePct: 97.5 },
			availabilityThisWeek: { required: 0, available: 0, ratePct: null },
			outstandingTotal: 12,
			outstandingByAge: [
				{ key: 'under1', band: 'under a day', count: 5 },
				{ key: 'over28', band: 'over 28 days', count: 7 }
			],
			summarisingBacklog: 30,
			summarisingOldestDays: 41,
			oldestPatient: 'SMITH, John'
		} as RecordsDisplayPanels;
		const availability = recordsPanel('records-availability', records)!;
		expect(availability.figures).toEqual([
			{ label: 'Today', value: 97.5, unit: 'pct', tone: 'neutral', note: '39 of 40 notes' },
			{ label: 'This week', value: null, unit: 'pct', tone: 'neutral', note: 'no clinics' }
		]);
		expect(recordsPanel('records-outstanding', records)!.bars).toEqual([
			{ label: 'Under a day', value: 5, tone: 'neutral' },
			{ label: 'Over 28 days', value: 7, tone: 'neutral' }
		]);
		const backlog = recordsPanel('summarising', records)!;
		expect(backlog.figures.map((f) => f.value)).toEqual([30, 41]);
		for (const id of ['records-availability', 'records-outstanding', 'summarising'] as const) {
			expect(JSON.stringify(recordsPanel(id, records))).not.toContain('SMITH');
		}
		expect(recordsPanel('breach-tiles', records)).toBeNull();
	});
});
