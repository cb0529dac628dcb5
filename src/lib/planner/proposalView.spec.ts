import { describe, expect, it } from 'vitest';
import { planStatus } from './proposalView';

const timedOut = {
	pathwayId: 7,
	name: 'Ms Iqbal',
	reason: 'not placed in the time allowed: try a longer search (mandatory by 2026-12-20; …)',
	proven: false
};
const pinBroken = {
	pathwayId: 8,
	name: 'Mr Shah',
	reason: 'pinned to session 12, but the session has no room left for them (rule 6)',
	proven: true
};

describe('planStatus', () => {
	it('does not call a plan infeasible when the optimiser only ran out of time', () => {
		const status = planStatus('infeasible', [timedOut]);
		expect(status.headline).not.toMatch(/infeasible|could not be placed|no room/i);
		expect(status.headline).toMatch(/not placed in the time allowed/i);
		expect(status.headline).toMatch(/try a longer search/i);
		expect(status.headline).toMatch(/not a proof/i);
		expect(status.unproven).toEqual([timedOut]);
		expect(status.proven).toEqual([]);
	});

	it('says what is proven, and keeps the two kinds apart', () => {
		expect(planStatus('infeasible', [pinBroken]).headline).toBe(
			'1 fixed patient cannot be placed where they must be (see below)'
		);
		const both = planStatus('infeasible', [timedOut, pinBroken]);
		expect(both.proven).toEqual([pinBroken]);
		expect(both.unproven).toEqual([timedOut]);
		expect(both.headline).toMatch(/^1 fixed patient cannot be placed/);
		expect(both.headline).toMatch(
			/1 patient who must be booked was not placed in the time allowed/
		);
	});

	it('treats an entry without the proven flag (a proposal kept before it existed) as unproven', () => {
		const { proven, unproven } = planStatus('infeasible', [{ ...pinBroken, proven: undefined }]);
		expect(proven).toEqual([]);
		expect(unproven).toHaveLength(1);
	});

	it('words optimal and feasible plans as before', () => {
		expect(planStatus('optimal', []).headline).toBe('Proven optimal');
		expect(planStatus('feasible', []).headline).toBe('Feasible');
	});
});
