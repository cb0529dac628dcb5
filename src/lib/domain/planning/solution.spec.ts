import { describe, expect, it } from 'vitest';
import { MalformedSolutionError, parseSolution } from './solution';

const good = {
	version: 1,
	status: 'feasible',
	objective: 12.5,
	lowerBound: 10,
	bookings: [{ patientId: 'P1', sessionId: 'S1' }],
	stats: { timeSeconds: 0.2, method: 'flow' }
};

function message(json: unknown): string {
	try {
		parseSolution(json);
	} catch (e) {
		expect(e).toBeInstanceOf(MalformedSolutionError);
		return (e as Error).message;
	}
	throw new Error('expected the solution to be rejected');
}

describe('parseSolution', () => {
	it('accepts a well-formed solution', () => {
		expect(parseSolution(good)).toEqual(good);
		expect(parseSolution({ ...good, lowerBound: null, unmet: [] }).lowerBound).toBeNull();
	});

	it('accepts an infeasible solution with unmet patients', () => {
		const s = parseSolution({
			...good,
			status: 'infeasible',
			unmet: [{ patientId: 'P2', reason: 'no session' }]
		});
		expect(s.unmet).toHaveLength(1);
	});

	it.each<[string, unknown, RegExp]>([
		['unknown field', { ...good, extra: 1 }, /^extra: unknown field$/],
		[
			'unknown booking field',
			{ ...good, bookings: [{ patientId: 'P1', sessionId: 'S1', day: 1 }] },
			/^bookings\[0\]\.day: unknown field$/
		],
		[
			'bad status',
			{ ...good, status: 'done' },
			/^status: must be "optimal", "feasible" or "infeasible"$/
		],
		['missing objective', { ...good, objective: undefined }, /^objective: is required$/],
		['objective as a string', { ...good, objective: '12' }, /^objective: must be a finite number$/],
		[
			'booking without session',
			{ ...good, bookings: [{ patientId: 'P1' }] },
			/^bookings\[0\]\.sessionId: is required$/
		],
		[
			'unmet without reason',
			{ ...good, unmet: [{ patientId: 'P1' }] },
			/^unmet\[0\]\.reason: is required$/
		],
		[
			'stats holding an object',
			{ ...good, stats: { a: {} } },
			/^stats\.a: must be a finite number or a string$/
		],
		['wrong version', { ...good, version: '1' }, /^version: must be 1$/]
	])('rejects %s', (_name, json, expected) => {
		expect(message(json)).toMatch(expected);
	});
});
