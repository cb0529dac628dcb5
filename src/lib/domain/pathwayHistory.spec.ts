import { describe, expect, it } from 'vitest';
import { pathwayHistory, type PathwayFacts } from './pathwayHistory';

const base: PathwayFacts = {
	clockStart: '2026-01-05',
	rttStatus: '20',
	clockStoppedOn: null,
	priority: 'P3',
	decisionDate: '2026-01-20',
	validations: [],
	bookings: [],
	offers: [],
	letters: []
};

describe('pathwayHistory', () => {
	it('puts a pathway’s events in date order, same-day events in their natural order', () => {
		const events = pathwayHistory({
			...base,
			rttStatus: '30',
			clockStoppedOn: '2026-05-01',
			validations: [
				{
					on: '2026-03-30',
					outcome: 'still_waiting',
					by: 'Cara',
					note: 'Rang'
				}
			],
			bookings: [
				{
					bookedOn: '2026-02-01',
					sessionDate: '2026-03-01',
					status: 'cancelled',
					changedOn: '2026-02-10'
				},
				{ bookedOn: '2026-02-10', sessionDate: '2026-05-01', status: 'attended', changedOn: null }
			]
		});
		expect(events.map((e) => [e.on, e.what])).toEqual([
			['2026-01-05', 'Clock started'],
			['2026-01-20', 'Decision to treat, priority P3'],
			['2026-02-01', 'Booked'],
			['2026-02-10', 'Booking cancelled'],
			['2026-02-10', 'Booked'],
			['2026-03-30', 'Validated: Still waiting'],
			['2026-05-01', 'Attended'],
			['2026-05-01', 'Clock stopped (30)']
		]);
		expect(events.filter((e) => e.appointment).map((e) => e.appointment)).toEqual([
			'2026-03-01',
			'2026-03-01',
			'2026-05-01',
			'2026-05-01'
		]);
		expect(events.find((e) => e.what.startsWith('Validated'))?.detail).toBe('by Cara; Rang');
		expect(events.at(-1)?.detail).toBe('First definitive treatment: clock stops');
	});

	it('has no clock stop while the clock runs, and no priority it does not know', () => {
		const events = pathwayHistory({ ...base, priority: null, clockStoppedOn: '2026-02-01' });
		expect(events.map((e) => e.what)).toEqual(['Clock started', 'Decision to treat']);
	});
});

describe('pathwayHistory: offers and letters (DOMAIN.md: each offer, the letter and its sending date)', () => {
	it('lists each offer on the day it was made, with how, whether reasonable and by whom, and each letter sent', () => {
		const events = pathwayHistory({
			...base,
			offers: [
				{
					offeredOn: '2026-02-01',
					offeredFor: '2026-02-12',
					method: 'phone',
					reasonable: false,
					outcome: 'declined',
					by: 'Cara'
				},
				{
					offeredOn: '2026-02-03',
					offeredFor: '2026-03-02',
					method: 'letter',
					reasonable: true,
					outcome: 'accepted',
					by: null
				}
			],
			letters: [{ sentOn: '2026-02-04', appointment: '2026-03-02' }]
		});
		expect(events.filter((e) => e.on >= '2026-02-01')).toEqual([
			{
				on: '2026-02-01',
				what: 'Offer declined',
				appointment: '2026-02-12',
				detail: 'Phone; not a reasonable offer (under 21 days); by Cara'
			},
			{
				on: '2026-02-03',
				what: 'Offer accepted',
				appointment: '2026-03-02',
				detail: 'Letter; reasonable offer'
			},
			{ on: '2026-02-04', what: 'Letter sent', appointment: '2026-03-02', detail: null }
		]);
	});
});

describe('pathwayHistory: coded endings', () => {
	const base: PathwayFacts = {
		clockStart: '2026-01-05',
		rttStatus: '20',
		clockStoppedOn: null,
		priority: null,
		decisionDate: null,
		validations: [],
		bookings: [],
		offers: [],
		letters: []
	};

	it('says who cancelled and why, and how an appointment went, in the national words', () => {
		const events = pathwayHistory({
			...base,
			bookings: [
				{
					bookedOn: '2026-02-01',
					sessionDate: '2026-03-01',
					status: 'cancelled',
					changedOn: '2026-02-10',
					attendanceCode: '2',
					cancellationReason: 'transport',
					note: 'No bus on Sundays'
				},
				{
					bookedOn: '2026-02-10',
					sessionDate: '2026-04-01',
					status: 'dna',
					changedOn: '2026-04-01',
					attendanceCode: '3',
					cancellationReason: null,
					note: null
				},
				{
					bookedOn: '2026-04-02',
					sessionDate: '2026-05-01',
					status: 'attended',
					changedOn: '2026-05-01',
					attendanceCode: '6',
					cancellationReason: null,
					note: null
				}
			]
		});
		expect(events.filter((e) => e.what !== 'Booked').map((e) => [e.what, e.detail])).toEqual([
			['Clock started', null],
			['Cancelled by the patient (code 2)', 'Transport; No bus on Sundays'],
			['Did not attend, no warning (code 3)', null],
			['Arrived late but was seen (code 6)', null]
		]);
	});
});
