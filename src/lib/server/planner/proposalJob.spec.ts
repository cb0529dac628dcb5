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
						reason: 'pinned to {session:10}, but the session has no room left for them (rule 6)'
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
				reason: 'pinned to {session:10}, but the session has no room left for them (rule 6)',
				proven: true
			}
		]);
	});

	it('lists every patient left unbooked, P1 and P2 first, with the consultant a reason turns on', () => {
		// 260 patients the one 60-minute session cannot take; Mr Reid's consultant has no session.
		const many: ProposalJob = {
			...job,
			problem: {
				version: 1,
				horizon: { start: '2026-01-05', end: '2026-01-30' },
				clinicians: [{ id: '7' }, { id: '8' }],
				sessions: [
					{ id: '10', date: '2026-01-13', minutes: 60, specialty: '120', clinicianId: '7' }
				],
				patients: Array.from({ length: 260 }, (_, i) => ({
					id: String(i + 1),
					specialty: '120',
					durationMinutes: 90,
					clockStart: '2025-12-01',
					clinicianId: i === 250 ? '8' : '7'
				}))
			},
			current: [],
			pathways: Array.from({ length: 260 }, (_, i) => ({
				id: i + 1,
				name: i === 250 ? 'Mr Reid' : `Patient ${i + 1}`,
				priority: i === 250 ? 'P1b' : i === 255 ? 'P2' : i % 2 ? 'P4' : null,
				consultant: i === 250 ? 'Ms Okafor' : 'Mr Hale'
			})),
			bookedElsewhere: []
		};
		const proposal = buildProposal(
			many,
			{ version: 1, status: 'feasible', objective: 0, bookings: [] },
			new Date('2026-01-05T09:00:10Z')
		);
		expect(proposal.unbooked).toHaveLength(260);
		expect(proposal.unbooked.slice(0, 3).map((u) => [u.name, u.priority])).toEqual([
			['Mr Reid', 'P1b'],
			['Patient 256', 'P2'],
			['Patient 2', 'P4']
		]);
		expect(proposal.unbooked[0]?.reason).toMatch(/no session in the horizon with Ms Okafor/);
		expect(proposal.unbooked.at(-1)?.priority).toBeNull();
	});
});
