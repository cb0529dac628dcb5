import { describe, expect, it } from 'vitest';
import { buildProposal } from './proposalJob';
import type { ProposalJob } from './optimiserService';

const job: ProposalJob = {
	proposalId: '00000000-0000-4000-8000-000000000001',
	boardId: 1,
	userId: 1,
	requestedAt: '2026-01-05T09:00:00Z',
	problem: {
		version: 1,
		horizon: { start: '2026-01-05', end: '2026-01-30' },
		sessions: [{ id: '10', date: '2026-01-13', minutes: 60, specialty: '120' }],
		patients: [
			{ id: '1', specialty: '120', durationMinutes: 30, clockStart: '2025-06-01' },
			{ id: '2', specialty: '120', durationMinutes: 30, clockStart: '2025-12-01' },
			{
				id: '3',
				specialty: '120',
				durationMinutes: 30,
				clockStart: '2025-12-01',
				pinnedSessionId: '10'
			}
		]
	},
	options: { timeLimitSeconds: 2, seed: 1 },
	current: [[3, 10]],
	pathways: [
		{ id: 1, name: 'Ms Iqbal', priority: 'P2' },
		{ id: 2, name: 'Mr Shah', priority: null },
		{ id: 3, name: 'Mrs Jones', priority: null }
	],
	specialtyName: 'ENT',
	// The session has 600 minutes; 540 are booked outside the board.
	bookedElsewhere: [[10, 540]]
};

describe('buildProposal', () => {
	it('compares before and after on the same basis, with bookings made elsewhere', () => {
		const proposal = buildProposal(
			job,
			{
				version: 1,
				status: 'infeasible',
				objective: 0,
				bookings: [
					{ patientId: '1', sessionId: '10' },
					{ patientId: '2', sessionId: '10' }
				],
				unmet: [
					{
						patientId: '3',
						reason: 'pinned to session 10, but the session has no room left for them (rule 6)'
					}
				]
			},
			new Date('2026-01-05T09:00:10Z')
		);
		expect(proposal.before.sessionUse).toBeCloseTo(570 / 600, 12);
		expect(proposal.after.sessionUse).toBeCloseTo(600 / 600, 12);
		// Ms Iqbal is past 18 weeks with a date (226 days) or without one (243 by the end).
		expect([proposal.before.over18Weeks, proposal.after.over18Weeks]).toEqual([1, 1]);
		expect(proposal.unmet).toEqual([
			{
				pathwayId: 3,
				name: 'Mrs Jones',
				reason: 'pinned to session 10, but the session has no room left for them (rule 6)',
				proven: true
			}
		]);
	});
});
