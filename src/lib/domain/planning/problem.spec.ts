import { describe, expect, it } from 'vitest';
import {
	defaultWeights,
	MalformedProblemError,
	parseProblem,
	type PlanningProblem
} from './problem';

function base(): PlanningProblem {
	return {
		version: 1,
		horizon: { start: '2026-01-05', end: '2026-01-30' },
		clinicians: [{ id: 'C1', maxMinutesPerDay: 240, maxMinutesByDate: { '2026-01-06': 0 } }],
		sessions: [
			{
				id: 'S1',
				date: '2026-01-05',
				minutes: 240,
				specialty: '130',
				clinicianId: 'C1',
				slotTypes: ['new']
			},
			{ id: 'S2', date: '2026-01-30', minutes: 120, specialty: '130' }
		],
		patients: [
			{ id: 'P1', specialty: '130', durationMinutes: 20, clockStart: '2025-08-01' },
			{
				id: 'P2',
				specialty: '130',
				durationMinutes: 30,
				slotType: 'new',
				clinicianId: 'C1',
				clockStart: '2025-09-01',
				earliest: '2026-01-07',
				priorityDue: '2026-01-10',
				mandatory: true,
				latest: '2026-01-20',
				unavailable: [{ from: '2026-01-12', to: '2026-01-14' }],
				pinnedSessionId: null
			}
		]
	};
}

/** Parses `mutate(base())` and returns the error message, failing if it parsed. */
function malformed(mutate: (p: Record<string, unknown> & PlanningProblem) => unknown): string {
	const problem = base() as Record<string, unknown> & PlanningProblem;
	const json = mutate(problem) ?? problem;
	try {
		parseProblem(JSON.parse(JSON.stringify(json)));
	} catch (e) {
		expect(e).toBeInstanceOf(MalformedProblemError);
		return (e as Error).message;
	}
	throw new Error('expected the problem to be rejected');
}

describe('parseProblem', () => {
	it('accepts a well-formed problem and fills in default weights', () => {
		const p = parseProblem(base());
		expect(p.weights).toEqual(defaultWeights());
		expect(p.patients).toHaveLength(2);
		expect(p.clinicians[0].maxMinutesByDate).toEqual({ '2026-01-06': 0 });
	});

	it('keeps given weights and defaults the missing keys', () => {
		const p = parseProblem({ ...base(), weights: { rttLatePerDay: 3, waitSlopes: [[0, 0.5]] } });
		expect(p.weights.rttLatePerDay).toBe(3);
		expect(p.weights.waitSlopes).toEqual([[0, 0.5]]);
		expect(p.weights.priorityLatePerDay).toBe(50);
		expect(p.weights.unbookedAccrues).toBe(true);
	});

	it('defaults clinicians to an empty list', () => {
		const { clinicians: _omit, ...rest } = base();
		expect(parseProblem(rest).clinicians).toEqual([]);
	});

	it.each<[string, (p: Record<string, unknown> & PlanningProblem) => unknown, RegExp]>([
		['not an object', () => 42, /must be an object/],
		['wrong version', (p) => ({ ...p, version: 2 }), /^version: must be 1$/],
		['unknown top-level field', (p) => ({ ...p, extra: true }), /^extra: unknown field$/],
		[
			'unknown patient field',
			(p) => {
				(p.patients[1] as unknown as Record<string, unknown>).priority = 'P2';
			},
			/^patients\[1\]\.priority: unknown field$/
		],
		[
			'unknown weight',
			(p) => ({ ...p, weights: { waitSlope: [] } }),
			/^weights\.waitSlope: unknown field$/
		],
		[
			'missing patients',
			(p) => {
				delete (p as Partial<PlanningProblem>).patients;
			},
			/^patients: is required$/
		],
		[
			'zero duration',
			(p) => {
				p.patients[1].durationMinutes = 0;
			},
			/^patients\[1\]\.durationMinutes: must be an integer > 0$/
		],
		[
			'fractional duration',
			(p) => {
				p.patients[0].durationMinutes = 12.5;
			},
			/^patients\[0\]\.durationMinutes: must be an integer > 0$/
		],
		[
			'duration as a string',
			(p) => {
				(p.patients[0] as unknown as Record<string, unknown>).durationMinutes = '20';
			},
			/^patients\[0\]\.durationMinutes: must be an integer > 0$/
		],
		[
			'negative session minutes',
			(p) => {
				p.sessions[0].minutes = -1;
			},
			/^sessions\[0\]\.minutes: must be an integer >= 0$/
		],
		[
			'fractional clinician limit',
			(p) => {
				p.clinicians![0].maxMinutesPerDay = 1.5;
			},
			/^clinicians\[0\]\.maxMinutesPerDay: must be an integer >= 0$/
		],
		[
			'negative per-date limit',
			(p) => {
				p.clinicians![0].maxMinutesByDate = { '2026-01-06': -5 };
			},
			/^clinicians\[0\]\.maxMinutesByDate\["2026-01-06"\]: must be an integer >= 0$/
		],
		[
			'per-date limit keyed by a non-date',
			(p) => {
				p.clinicians![0].maxMinutesByDate = { monday: 5 };
			},
			/^clinicians\[0\]\.maxMinutesByDate\.monday: key must be an ISO calendar date/
		],
		[
			'bad calendar date',
			(p) => {
				p.patients[0].clockStart = '2025-02-30';
			},
			/^patients\[0\]\.clockStart: must be an ISO calendar date \(YYYY-MM-DD\)$/
		],
		[
			'date with a time',
			(p) => {
				p.sessions[1].date = '2026-01-30T09:00:00Z';
			},
			/^sessions\[1\]\.date: must be an ISO calendar date/
		],
		[
			'bad unavailable range',
			(p) => {
				p.patients[1].unavailable = [{ from: '2026-01-12', to: 'soon' }];
			},
			/^patients\[1\]\.unavailable\[0\]\.to: must be an ISO calendar date/
		],
		[
			'negative weight',
			(p) => ({ ...p, weights: { priorityLatePerDay: -1 } }),
			/^weights\.priorityLatePerDay: must be a finite number >= 0$/
		],
		[
			'weight as a string',
			(p) => ({ ...p, weights: { sessionOpenCost: '5' } }),
			/^weights\.sessionOpenCost: must be a finite number >= 0$/
		],
		[
			'wait slopes not ascending',
			(p) => ({
				...p,
				weights: {
					waitSlopes: [
						[0, 1],
						[0, 2]
					]
				}
			}),
			/^weights\.waitSlopes\[1\]\[0\]: fromDay must be greater than the previous one \(0\)$/
		],
		[
			'wait slopes decreasing cost',
			(p) => ({
				...p,
				weights: {
					waitSlopes: [
						[0, 2],
						[10, 1]
					]
				}
			}),
			/^weights\.waitSlopes\[1\]\[1\]: costPerDay must not be less than the previous one \(2\)$/
		],
		[
			'wait slope with fractional day',
			(p) => ({ ...p, weights: { waitSlopes: [[0.5, 1]] } }),
			/^weights\.waitSlopes\[0\]\[0\]: fromDay must be an integer >= 0$/
		],
		[
			'wait slope with negative day',
			(p) => ({ ...p, weights: { waitSlopes: [[-7, 1]] } }),
			/^weights\.waitSlopes\[0\]\[0\]: fromDay must be an integer >= 0$/
		],
		[
			'wait slope that is not a pair',
			(p) => ({ ...p, weights: { waitSlopes: [[0, 1, 2]] } }),
			/^weights\.waitSlopes\[0\]/
		],
		[
			'duplicate patient id',
			(p) => {
				p.patients[1].id = 'P1';
			},
			/^patients\[1\]\.id: duplicate id "P1" \(also patients\[0\]\)$/
		],
		[
			'duplicate session id',
			(p) => {
				p.sessions[1].id = 'S1';
			},
			/^sessions\[1\]\.id: duplicate id "S1"/
		],
		[
			'duplicate clinician id',
			(p) => {
				p.clinicians!.push({ id: 'C1' });
			},
			/^clinicians\[1\]\.id: duplicate id "C1"/
		],
		[
			'session after the horizon',
			(p) => {
				p.sessions[1].date = '2026-01-31';
			},
			/^sessions\[1\]\.date: 2026-01-31 is outside the horizon 2026-01-05 to 2026-01-30$/
		],
		[
			'session before the horizon',
			(p) => {
				p.sessions[0].date = '2026-01-04';
			},
			/^sessions\[0\]\.date: .*outside the horizon/
		],
		[
			'pin naming no session',
			(p) => {
				p.patients[1].pinnedSessionId = 'S9';
			},
			/^patients\[1\]\.pinnedSessionId: names no session \("S9"\)$/
		],
		[
			'horizon backwards',
			(p) => ({ ...p, horizon: { start: '2026-01-05', end: '2026-01-04' }, sessions: [] }),
			/^horizon\.end: must not be before horizon\.start/
		],
		[
			'mandatory not a boolean',
			(p) => {
				(p.patients[1] as unknown as Record<string, unknown>).mandatory = 'yes';
			},
			/^patients\[1\]\.mandatory: must be true or false$/
		],
		[
			'slot types not strings',
			(p) => {
				(p.sessions[0] as unknown as Record<string, unknown>).slotTypes = ['new', 3];
			},
			/^sessions\[0\]\.slotTypes\[1\]: must be a string$/
		],
		[
			'id not a string',
			(p) => {
				(p.patients[0] as unknown as Record<string, unknown>).id = 7;
			},
			/^patients\[0\]\.id: must be a string$/
		]
	])('rejects %s, naming the field', (_name, mutate, expected) => {
		expect(malformed(mutate)).toMatch(expected);
	});

	it('lists every issue on the error', () => {
		try {
			parseProblem({ ...base(), patients: [{ id: 'X' }] });
			expect.unreachable();
		} catch (e) {
			const err = e as MalformedProblemError;
			const paths = err.issues.map((i) => i.path);
			expect(paths).toEqual(
				expect.arrayContaining([
					'patients[0].specialty',
					'patients[0].durationMinutes',
					'patients[0].clockStart'
				])
			);
			expect(err.issues.every((i) => i.message === 'is required')).toBe(true);
		}
	});

	it('compares ids exactly (no case folding)', () => {
		const p = base();
		p.patients[1].id = 'p1';
		expect(() => parseProblem(p)).not.toThrow();
	});

	it('accepts empty slot types and empty wait slopes', () => {
		const p = base();
		p.sessions[0].slotTypes = [];
		expect(() => parseProblem({ ...p, weights: { waitSlopes: [] } })).not.toThrow();
	});
});
