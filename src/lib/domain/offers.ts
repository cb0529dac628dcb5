/**
 * Offers of a date to the patient (DOMAIN.md, "Offers, cancellations and attendance"): what makes
 * an offer reasonable, and when declined offers call for a clinician's review. Written once here;
 * the server stores each offer's `reasonable` from `isReasonableOffer` and counts from the
 * constants below.
 */
import { dayNumber } from './rtt';

export const OFFER_METHODS = ['letter', 'phone', 'email', 'in-person'] as const;
export type OfferMethod = (typeof OFFER_METHODS)[number];

export const OFFER_METHOD_LABELS: Record<OfferMethod, string> = {
	letter: 'Letter',
	phone: 'Phone',
	email: 'Email',
	'in-person': 'In person'
};

export const OFFER_OUTCOMES = ['accepted', 'declined'] as const;
export type OfferOutcome = (typeof OFFER_OUTCOMES)[number];

/** DOMAIN.md: a reasonable offer is a date at least 3 weeks after the offer is made. */
export const REASONABLE_OFFER_DAYS = 21;

/** DOMAIN.md: after two declined reasonable offers a clinician may review (never automatically). */
export const DECLINED_OFFERS_FOR_REVIEW = 2;

/** Whether a date offered on `offeredOn` for `offeredFor` (both ISO dates) is reasonable. */
export function isReasonableOffer(offeredOn: string, offeredFor: string): boolean {
	return dayNumber(offeredFor) - dayNumber(offeredOn) >= REASONABLE_OFFER_DAYS;
}

interface OfferFacts {
	reasonable: boolean;
	outcome: OfferOutcome;
}

export function declinedReasonableOffers(offers: readonly OfferFacts[]): number {
	return offers.filter((o) => o.reasonable && o.outcome === 'declined').length;
}

/**
 * Whether the pathway's offers put it in front of a clinician: two declined reasonable offers.
 * A flag for review, never a discharge or a move to active monitoring by itself.
 */
export function needsClinicalReview(offers: readonly OfferFacts[]): boolean {
	return declinedReasonableOffers(offers) >= DECLINED_OFFERS_FOR_REVIEW;
}
