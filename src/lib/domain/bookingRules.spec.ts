import { describe, expect, it } from 'vitest';
import {
	bookingRefusals,
	placementRefusals,
	refusalMessage,
	sessionLabel,
	type PlacedPathway,
	type PlacementLoad,
	type PlacementSession
} from './bookingRules';

const pathway = (extra: Partial<PlacedPathway> = {}): PlacedPathway => ({
	specialty: '120',
	slotType: 'new',
	clinicianId: 7,
	minutes: 30,
	unavailable: [],
	...extra
});
const session = (extra: Partial<PlacementSession> = {}): PlacementSession => ({
	specialty: '120',
	date: '2027-01-05',
	slotTypes: null,
	clinicianId: null,
	minutes: 60,
	...extra
});
const empty: PlacementLoad = { sessionMinutes: 0 };
const rules = (p: PlacedPathway, s: PlacementSession, load = empty) =>
	bookingRefusals(p, s, load).map((r) => r.rule);

describe('booking rules (planning-problem.md rules 2–7)', () => {
	it('let a pathway into an open-typed, unnamed session with room', () => {
		expect(bookingRefusals(pathway(), session(), empty)).toEqual([]);
	});

	it('rule 2: the session is for the patient’s specialty', () => {
		expect(placementRefusals(pathway(), session({ specialty: '130' }))).toEqual([
			{ rule: 'specialty', needs: '120', takes: '130' }
		]);
	});

	it('rule 3: a typed patient needs a session that takes their slot type', () => {
		expect(rules(pathway(), session({ slotTypes: ['follow-up'] }))).toEqual(['slot-type']);
		expect(rules(pathway(), session({ slotTypes: ['follow-up', 'new'] }))).toEqual([]);
		// `slotTypes: []` takes only patients without a slot type
		expect(rules(pathway(), session({ slotTypes: [] }))).toEqual(['slot-type']);
		expect(rules(pathway({ slotType: null }), session({ slotTypes: [] }))).toEqual([]);
	});

	it('rule 4: a patient under a consultant goes only to their lists or to unnamed ones', () => {
		expect(rules(pathway(), session({ clinicianId: 8 }))).toEqual(['clinician']);
		expect(rules(pathway(), session({ clinicianId: 7 }))).toEqual([]);
		expect(rules(pathway({ clinicianId: null }), session({ clinicianId: 8 }))).toEqual([]);
	});

	it('rule 5: not on a date the patient cannot attend, ends included', () => {
		const away = { from: '2027-01-05', to: '2027-01-06' };
		expect(placementRefusals(pathway({ unavailable: [away] }), session())).toEqual([
			{ rule: 'unavailable', range: away }
		]);
		const before = { from: '2027-01-01', to: '2027-01-04' };
		expect(rules(pathway({ unavailable: [before] }), session())).toEqual([]);
		expect(rules(pathway({ unavailable: [before] }), session({ date: '2027-01-04' }))).toEqual([
			'unavailable'
		]);
	});

	it('rule 6: the session’s minutes hold everyone booked, the patient included', () => {
		expect(rules(pathway(), session(), { sessionMinutes: 30 })).toEqual([]);
		expect(bookingRefusals(pathway(), session(), { sessionMinutes: 31 })).toEqual([
			{ rule: 'session-minutes', booked: 61, capacity: 60 }
		]);
	});

	it('rule 7: the consultant’s daily limit counts their own patients that day', () => {
		const day = (minutes: number, limit: number | null) => ({
			sessionMinutes: 0,
			consultantDay: { minutes, limit }
		});
		expect(rules(pathway(), session(), day(270, 300))).toEqual([]);
		expect(bookingRefusals(pathway(), session(), day(271, 300))).toEqual([
			{ rule: 'clinician-day', booked: 301, limit: 300, date: '2027-01-05' }
		]);
		expect(rules(pathway(), session(), day(1000, null))).toEqual([]);
		// a patient under no consultant counts towards nobody's limit
		expect(rules(pathway({ clinicianId: null }), session(), day(1000, 10))).toEqual([]);
	});

	it('give every reason at once, in rule order', () => {
		const p = pathway({ unavailable: [{ from: '2027-01-05', to: '2027-01-05' }] });
		const s = session({ specialty: '130', slotTypes: ['follow-up'], clinicianId: 8 });
		expect(
			rules(p, s, { sessionMinutes: 60, consultantDay: { minutes: 300, limit: 300 } })
		).toEqual([
			'specialty',
			'slot-type',
			'clinician',
			'unavailable',
			'session-minutes',
			'clinician-day'
		]);
	});

	it('word each reason the same wherever it is told', () => {
		const names = {
			patient: 'The patient',
			session: sessionLabel({
				date: '2027-01-05',
				start: '09:00',
				kind: 'clinic',
				clinicianName: 'Mr Other'
			}),
			consultant: 'Ms Own'
		};
		const p = pathway({ unavailable: [{ from: '2027-01-05', to: '2027-01-06' }] });
		const s = session({ specialty: '130', slotTypes: ['follow-up'], clinicianId: 8 });
		const load = { sessionMinutes: 45, consultantDay: { minutes: 290, limit: 300 } };
		expect(bookingRefusals(p, s, load).map((r) => refusalMessage(r, names))).toEqual([
			'The patient waits under specialty 120; 05/01/2027 09:00 clinic (Mr Other) is for specialty 130',
			'The patient needs a new slot; 05/01/2027 09:00 clinic (Mr Other) takes follow-up',
			"The patient is under Ms Own; 05/01/2027 09:00 clinic (Mr Other) is another consultant's list",
			'The patient cannot attend 05/01/2027 to 06/01/2027; 05/01/2027 09:00 clinic (Mr Other) is in that range',
			'05/01/2027 09:00 clinic (Mr Other) is over-filled: 75 of 60 minutes booked',
			'Ms Own has 320 minutes booked on 05/01/2027, over their limit of 300'
		]);
		expect(refusalMessage({ rule: 'slot-type', needs: 'new', takes: [] }, names)).toMatch(
			/takes no typed slots$/
		);
	});
});
