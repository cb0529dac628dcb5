import { describe, expect, it } from 'vitest';
import { outcomeEffect } from './validationOutcome';

describe('validation outcomes', () => {
	it('still waiting validates a running clock and changes nothing else', () => {
		for (const status of ['10', '11', '12', '20', '21']) {
			expect(outcomeEffect(1, status, 'still_waiting')).toEqual({
				ok: true,
				effect: { kind: 'validated', rttStatus: null }
			});
		}
	});

	it('treated elsewhere stops the clock as first definitive treatment (30), with agreement', () => {
		expect(outcomeEffect(1, '20', 'treated_elsewhere')).toEqual({
			ok: true,
			effect: { kind: 'stop-clock', rttStatus: '30', needsDecision: true, needsAgreement: true }
		});
	});

	it('no longer required stops the clock with the code for why', () => {
		expect(outcomeEffect(1, '20', 'no_longer_required', '34')).toMatchObject({
			ok: true,
			effect: { rttStatus: '34', needsAgreement: true }
		});
		expect(outcomeEffect(1, '20', 'no_longer_required', '35')).toMatchObject({
			ok: true,
			effect: { rttStatus: '35', needsAgreement: true }
		});
		// a patient who has died cannot agree
		expect(outcomeEffect(1, '20', 'no_longer_required', '36')).toMatchObject({
			ok: true,
			effect: { rttStatus: '36', needsAgreement: false }
		});
		expect(outcomeEffect(1, '20', 'no_longer_required')).toMatchObject({
			ok: false,
			status: 400,
			message: expect.stringMatching(/^stopCode: /)
		});
		expect(outcomeEffect(1, '20', 'no_longer_required', '30')).toMatchObject({
			ok: false,
			status: 400
		});
	});

	it('refuses to validate or stop a clock that is not running', () => {
		expect(outcomeEffect(8, '30', 'still_waiting')).toEqual({
			ok: false,
			status: 409,
			message:
				"Pathway 8's clock is not running (RTT status 30): a patient who still waits needs a new pathway"
		});
		expect(outcomeEffect(8, '34', 'treated_elsewhere')).toMatchObject({ ok: false, status: 409 });
		// but a stopped-clock entry still on the admitted list can be taken off it
		expect(outcomeEffect(8, '30', 'no_longer_required')).toEqual({
			ok: true,
			effect: {
				kind: 'remove-from-list',
				rttStatus: null,
				needsDecision: true,
				needsAgreement: false
			}
		});
	});
});
