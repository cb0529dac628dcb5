import { describe, expect, it } from 'vitest';
import {
	MalformedCapacityInputError,
	parseCapacityCalibrateInput,
	parseCapacityModelInput,
	parseCapacitySolveInput
} from './capacity';
import { WORKED_EXAMPLE } from '../domain/capacity/testModel';

/** The messages a malformed document is refused with, one a line. */
function refusal(parse: (json: unknown) => unknown, json: unknown): string[] {
	try {
		parse(json);
	} catch (e) {
		if (e instanceof MalformedCapacityInputError)
			return e.issues.map((i) => `${i.path}: ${i.message}`);
		throw e;
	}
	throw new Error('expected the document to be refused');
}

const edit = (change: (doc: Record<string, unknown>) => void) => {
	const doc = structuredClone(WORKED_EXAMPLE) as unknown as Record<string, unknown>;
	change(doc);
	return doc;
};

describe('CapacityModelInput', () => {
	it('parses into dense arrays, missing bins 0', () => {
		const parsed = parseCapacityModelInput({
			...WORKED_EXAMPLE,
			waitingAtStart: [{ bin: 2, count: 20.5 }]
		});
		expect(parsed.start).toEqual([0, 0, 20.5]);
		expect(parsed.params).toEqual({ renege: [0, 0.1, 0.2], capacity: [0.5, 0.25, 0.25] });
		expect(parsed.maxBin).toBe(2);
	});

	it('refuses malformed documents, naming the field', () => {
		const cases: [Record<string, unknown>, string][] = [
			[
				edit((d) => (d.treatments = [80, 80])),
				'treatments: must have the same length as referrals (1), it has 2'
			],
			[edit((d) => (d.extra = 1)), 'extra: unknown field'],
			[
				edit((d) => ((d.params as { bin: number }[])[1].bin = 3)),
				'params[1].bin: 3 is outside 0..maxBin (2)'
			],
			[
				edit((d) => ((d.params as { bin: number }[])[1].bin = 0)),
				'params[1].bin: bin 0 is given more than once'
			],
			[
				edit((d) => (d.params = (d.params as unknown[]).slice(0, 1))),
				'params: must have one entry for each bin 0..maxBin (2); missing bins 1, 2'
			],
			[
				edit((d) => ((d.params as { renege: number }[])[2].renege = -0.1)),
				'params[2].renege: must be a rate from 0 to 1'
			],
			[
				edit((d) => ((d.waitingAtStart as { count: number }[])[0].count = -1)),
				'waitingAtStart[0].count: must be a finite number >= 0'
			],
			[
				edit((d) => ((d.waitingAtStart as { bin: number }[])[0].bin = 1.5)),
				'waitingAtStart[0].bin: must be an integer >= 0'
			],
			[edit((d) => (d.referrals = [])), 'referrals: must have at least one period'],
			[edit((d) => (d.version = 2)), 'version: must be 1'],
			[edit((d) => delete d.maxBin), 'maxBin: is required']
		];
		for (const [doc, message] of cases) {
			expect(refusal(parseCapacityModelInput, doc)).toContain(message);
		}
	});
});

describe('calibrate and solve documents', () => {
	const observed = {
		version: 1,
		maxBin: 1,
		waitingAtStart: [{ bin: 0, count: 10 }],
		periods: [
			{ referrals: 5, treatments: [{ bin: 1, count: 2 }], waiting: [{ bin: 0, count: 5 }] },
			{ referrals: 5, treatments: [], waiting: [{ bin: 1, count: 4 }] }
		]
	};

	it('parses observed periods and refuses holding out all of them', () => {
		const parsed = parseCapacityCalibrateInput({ ...observed, validationPeriods: 1 });
		expect(parsed.periods[0].treatments).toEqual([0, 2]);
		expect(parsed.validationPeriods).toBe(1);
		expect(refusal(parseCapacityCalibrateInput, { ...observed, validationPeriods: 2 })).toEqual([
			'validationPeriods: must leave at least one of the 2 periods to calibrate on, it holds out 2'
		]);
		const badBin = structuredClone(observed);
		badBin.periods[1].waiting[0].bin = 2;
		expect(refusal(parseCapacityCalibrateInput, badBin)).toEqual([
			'periods[1].waiting[0].bin: 2 is outside 0..maxBin (1)'
		]);
	});

	it('takes a target of one kind, within the bins, and names the model fields under model', () => {
		const solve = {
			version: 1,
			model: WORKED_EXAMPLE,
			target: { withinPeriods: 1.5, share: 0.92 },
			mode: 'ramp'
		};
		const parsed = parseCapacitySolveInput(solve);
		expect(parsed.target).toEqual({ kind: 'within', thresholdPeriods: 1.5, share: 0.92 });
		expect(parsed).toMatchObject({ tolerance: 0.001, cap: 10, mode: 'ramp' });
		expect(
			refusal(parseCapacitySolveInput, { ...solve, target: { withinPeriods: 1, max: 0 } })
		).toEqual(['target: must be either { withinPeriods, share } or { overPeriods, max }']);
		expect(
			refusal(parseCapacitySolveInput, { ...solve, target: { overPeriods: 2.5, max: 0 } })
		).toEqual([
			'target.overPeriods: must be at most maxBin (2): bin 2 is "2 or more" and cannot be split'
		]);
		expect(refusal(parseCapacitySolveInput, { ...solve, mode: 'steep', tolerance: 0 })).toEqual([
			'mode: must be "flat" or "ramp"',
			'tolerance: must be a finite number > 0'
		]);
		expect(
			refusal(parseCapacitySolveInput, { ...solve, model: { ...WORKED_EXAMPLE, treatments: [] } })
		).toContain('model.treatments: must have at least one period');
	});
});
