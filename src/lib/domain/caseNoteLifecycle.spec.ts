import { describe, expect, it } from 'vitest';
import { CASE_NOTE_STATUSES as SCHEMA_STATUSES } from '../../../db/schema/caseNotes';
import {
	CASE_NOTE_STATUSES,
	caseNoteRequestLabel,
	checkTransition,
	movesFrom,
	nextStatus,
	plainMovesFrom,
	stampsUndoneBy,
	transitionKind,
	type CaseNoteStatus
} from './caseNoteLifecycle';

describe('the case-note lifecycle', () => {
	it('has the same statuses as the database allows', () => {
		expect([...CASE_NOTE_STATUSES]).toEqual([...SCHEMA_STATUSES]);
	});

	it('walks the main path one step at a time without a reason', () => {
		const path: CaseNoteStatus[] = [
			'requested',
			'located',
			'dispatched',
			'available',
			'returned',
			'filed'
		];
		for (let i = 0; i < path.length - 1; i++) {
			expect(transitionKind(path[i], path[i + 1])).toBe('step');
			expect(nextStatus(path[i])).toBe(path[i + 1]);
			expect(checkTransition('request for volume CN0000001-01', path[i], path[i + 1])).toEqual({
				ok: true,
				kind: 'step',
				reason: null
			});
		}
		expect(nextStatus('filed')).toBeNull();
	});

	it('needs a reason to skip a step', () => {
		expect(transitionKind('requested', 'returned')).toBe('skip');
		expect(transitionKind('located', 'available')).toBe('skip');
		expect(checkTransition('request for volume CN0000123-01', 'requested', 'returned')).toEqual({
			ok: false,
			message:
				"The request for volume CN0000123-01 is 'requested'; it cannot go to 'returned' without a reason"
		});
		expect(
			checkTransition('request for volume CN0000123-01', 'requested', 'returned', '   ')
		).toMatchObject({ ok: false });
		expect(
			checkTransition(
				'request for volume CN0000123-01',
				'located',
				'available',
				'Taken to clinic by hand'
			)
		).toEqual({
			ok: true,
			kind: 'skip',
			reason: 'Taken to clinic by hand'
		});
	});

	it('needs a reason to go back a step, even from filed', () => {
		expect(transitionKind('available', 'dispatched')).toBe('reverse');
		expect(transitionKind('filed', 'returned')).toBe('reverse');
		expect(checkTransition('request for volume CN0000007-01', 'available', 'located')).toEqual({
			ok: false,
			message:
				"The request for volume CN0000007-01 is 'available'; it cannot go to 'located' without a reason"
		});
		expect(
			checkTransition(
				'request for volume CN0000007-01',
				'available',
				'located',
				'Scanned at the wrong desk'
			)
		).toMatchObject({
			ok: true,
			kind: 'reverse'
		});
	});

	it('refuses too short or too long a reason, naming the request', () => {
		expect(checkTransition('request for volume CN0000009-01', 'requested', 'filed', 'ok')).toEqual({
			ok: false,
			message:
				"The reason for moving the request for volume CN0000009-01 to 'filed' is too short (at least 3 characters)"
		});
		expect(
			checkTransition('request for volume CN0000009-01', 'requested', 'filed', 'x'.repeat(501))
		).toMatchObject({
			ok: false,
			message: expect.stringContaining('too long')
		});
	});

	it('lets notes go missing between the shelf and filing, and come back by the exception path', () => {
		for (const from of ['requested', 'located', 'dispatched', 'available', 'returned'] as const) {
			expect(transitionKind(from, 'missing')).toBe('step');
		}
		expect(transitionKind('filed', 'missing')).toBe('forbidden');
		expect(transitionKind('missing', 'located')).toBe('step'); // found
		expect(transitionKind('missing', 'temporary')).toBe('step');
		expect(transitionKind('temporary', 'merged')).toBe('step');
		expect(transitionKind('missing', 'filed')).toBe('skip');
		expect(plainMovesFrom('missing')).toEqual(['located', 'temporary']);
		expect(nextStatus('missing')).toBe('located');
		expect(nextStatus('temporary')).toBe('merged');
	});

	it('never allows some moves, reason or not', () => {
		expect(
			checkTransition('request for volume CN0000005-01', 'requested', 'temporary', 'because')
		).toEqual({
			ok: false,
			message:
				"The request for volume CN0000005-01 is 'requested'; it can never go to 'temporary' (temporary notes are made only for missing notes)"
		});
		expect(
			checkTransition('request for volume CN0000005-01', 'missing', 'merged', 'because')
		).toMatchObject({
			ok: false,
			message: expect.stringContaining('only temporary notes are merged')
		});
		expect(
			checkTransition('request for volume CN0000005-01', 'temporary', 'available', 'because')
		).toMatchObject({
			ok: false,
			message: expect.stringContaining('merged when the original volume is found')
		});
		for (const final of ['merged', 'withdrawn'] as const) {
			for (const to of CASE_NOTE_STATUSES) {
				if (to === final) continue;
				expect(
					checkTransition('request for volume CN0000005-01', final, to, 'a good reason')
				).toEqual({
					ok: false,
					message: `The request for volume CN0000005-01 is '${final}', which is final; raise a new request instead`
				});
			}
			expect(movesFrom(final)).toEqual([]);
		}
		expect(checkTransition('request for volume CN0000005-01', 'located', 'located')).toEqual({
			ok: false,
			message: "The request for volume CN0000005-01 is 'located' already"
		});
	});

	it('withdraws only with a reason, and only before the notes are back', () => {
		expect(
			checkTransition('request for volume CN0000003-01', 'requested', 'withdrawn')
		).toMatchObject({
			ok: false,
			message:
				"The request for volume CN0000003-01 is 'requested'; it cannot go to 'withdrawn' without a reason"
		});
		expect(
			checkTransition(
				'request for volume CN0000003-01',
				'located',
				'withdrawn',
				'Appointment cancelled'
			)
		).toMatchObject({
			ok: true,
			kind: 'withdraw'
		});
		expect(transitionKind('returned', 'withdrawn')).toBe('forbidden');
		expect(transitionKind('filed', 'withdrawn')).toBe('forbidden');
		expect(transitionKind('temporary', 'withdrawn')).toBe('forbidden');
	});

	it('classifies every pair, and every allowed move is reachable from the lists', () => {
		for (const from of CASE_NOTE_STATUSES) {
			for (const to of CASE_NOTE_STATUSES) {
				const kind = transitionKind(from, to);
				expect(['step', 'skip', 'reverse', 'withdraw', 'forbidden', 'same']).toContain(kind);
				expect(movesFrom(from).includes(to)).toBe(kind !== 'forbidden' && kind !== 'same');
				expect(plainMovesFrom(from).includes(to)).toBe(kind === 'step');
			}
		}
	});

	it('clears the stamps of steps taken back', () => {
		expect(stampsUndoneBy('returned', 'dispatched')).toEqual(['availableAt', 'returnedAt']);
		expect(stampsUndoneBy('filed', 'requested')).toEqual([
			'locatedAt',
			'dispatchedAt',
			'availableAt',
			'returnedAt',
			'filedAt'
		]);
		expect(stampsUndoneBy('located', 'dispatched')).toEqual([]);
		expect(stampsUndoneBy('missing', 'located')).toEqual([]);
	});
});

describe('caseNoteRequestLabel', () => {
	it('names a request by its volume, or before one is known by whose notes they are', () => {
		expect(caseNoteRequestLabel({ volumeBarcode: 'CN0000123-01', patient: 'PARKER, Maria' })).toBe(
			'request for volume CN0000123-01'
		);
		expect(caseNoteRequestLabel({ volumeBarcode: null, patient: 'PARKER, Maria' })).toBe(
			"request for PARKER, Maria's notes"
		);
	});
});
