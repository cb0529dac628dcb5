import { describe, expect, it } from 'vitest';
import {
	REASONABLE_OFFER_DAYS,
	declinedReasonableOffers,
	isReasonableOffer,
	needsClinicalReview
} from './offers';

describe('reasonable offers (DOMAIN.md: a date at least 3 weeks after the offer)', () => {
	it('is 21 days', () => {
		expect(REASONABLE_OFFER_DAYS).toBe(21);
	});
	it('counts a date 21 days on as reasonable and 20 days on as not', () => {
		expect(isReasonableOffer('2026-12-01', '2026-12-22')).toBe(true);
		expect(isReasonableOffer('2026-12-01', '2026-12-21')).toBe(false);
		expect(isReasonableOffer('2026-12-01', '2027-03-01')).toBe(true);
	});
	it('counts calendar days across a month and a clock change', () => {
		expect(isReasonableOffer('2027-03-10', '2027-03-31')).toBe(true);
		expect(isReasonableOffer('2027-03-10', '2027-03-30')).toBe(false);
	});
});

describe('two declined reasonable offers surface for clinical review', () => {
	const offer = (reasonable: boolean, outcome: 'accepted' | 'declined') => ({
		reasonable,
		outcome
	});
	it('needs two declined offers that were both reasonable', () => {
		expect(needsClinicalReview([offer(true, 'declined')])).toBe(false);
		expect(needsClinicalReview([offer(true, 'declined'), offer(false, 'declined')])).toBe(false);
		expect(needsClinicalReview([offer(true, 'declined'), offer(true, 'accepted')])).toBe(false);
		expect(needsClinicalReview([offer(true, 'declined'), offer(true, 'declined')])).toBe(true);
		expect(
			needsClinicalReview([
				offer(true, 'declined'),
				offer(false, 'declined'),
				offer(true, 'declined')
			])
		).toBe(true);
	});
	it('counts the declined reasonable offers', () => {
		expect(declinedReasonableOffers([offer(true, 'declined'), offer(false, 'declined')])).toBe(1);
		expect(declinedReasonableOffers([])).toBe(0);
	});
});
