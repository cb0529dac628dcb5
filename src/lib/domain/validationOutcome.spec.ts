import { describe, expect, it } from 'vitest';
import { asksAgreement, outcomeEffect } from './validationOutcome';

describe('validation outcomes', () => {
	it('still waiting validates a running clock and changes nothing else', () => {
		for (const status of ['10', '11', '12', '20', '21']) {
			expect(outcomeEffect(status, 'still_waiting')).toEqual({
				ok: true,
				effect: { kind: 'validated', rttStatus: null }
			});
		}
	});

	it('treated elsewhere stops the clock as first definitive treatment (30), with agreement', () => {
		expect(outcomeEffect('20', 'treated_elsewhere')).toEqual({
			ok: true,
			effect: { kind: 'stop-clock', rttStatus: '30', needsDecision: true, needsAgreement: true }
		});
	});

	it('no longer required stops the clock with the code for why', () => {
		expect(outcomeEffect('20', 'no_longer_required', '34')).toMatchObject({
			ok: true,
			effect: { rttStatus: '34', needsAgreement: true }
		});
		expect(outcomeEffect('20', 'no_longer_required', '35')).toMatchObject({
			ok: true,
			effect: { rttStatus: '35', needsAgreement: true }
		});
		// a patient who has died cannot agree
		expect(outcomeEffect('20', 'no_longer_required', '36')).toMatchObject({
			ok: true,
			effect: { rttStatus: '36', needsAgreement: false }
		});
		expect(outcomeEffect('20', 'no_longer_required')).toMatchObject({
			ok: false,
			status: 400,
			message: expect.stringMatching(/^stopCode: /)
		});
		expect(outcomeEffect('20', 'no_longer_required', '30')).toMatchObject({
			ok: false,
			status: 400
		});
	});

	it('refuses to validate or stop a clock that is not running', () => {
		expect(outcomeEffect('30', 'still_waiting')).toEqual({
			ok: false,
			status: 409,
			message:
				"This pathway's clock is not running (RTT status 30): a patient who still waits needs a new pathway"
		});
		expect(outcomeEffect('34', 'treated_elsewhere')).toMatchObject({ ok: false, status: 409 });
		// but a stopped-clock entry still on the admitted list can be taken off it
		expect(outcomeEffect('30', 'no_longer_required')).toEqual({
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

describe('asking for the patient’s agreement', () => {
	it('asks when the patient leaves the list by their choice or a decision they agree to', () => {
		expect(asksAgreement('20', 'treated_elsewhere')).toBe(true);
		expect(asksAgreement('20', 'no_longer_required', '34')).toBe(true);
		expect(asksAgreement('20', 'no_longer_required', '35')).toBe(true);
	});

	it('never asks a patient who has died (36), nor when nothing leaves the list', () => {
		expect(asksAgreement('20', 'no_longer_required', '36')).toBe(false);
		expect(asksAgreement('20', 'still_waiting')).toBe(false);
		// a stopped-clock entry taken off the admitted list: the clock already stopped
		expect(asksAgreement('30', 'no_longer_required', '34')).toBe(false);
	});

	it('is what recording the outcome requires', () => {
		for (const [status, outcome, code] of [
			['20', 'treated_elsewhere', null],
			['20', 'no_longer_required', '34'],
			['20', 'no_longer_required', '36'],
			['30', 'no_longer_required', '35']
		] as const) {
			const check = outcomeEffect(status, outcome, code);
			expect(check.ok && check.effect.kind !== 'validated' && check.effect.needsAgreement).toBe(
				asksAgreement(status, outcome, code)
			);
		}
	});
});
