/**
 * How the proposal panel words a proposal: pure, so the wording is tested without a browser.
 */
import type { Proposal, ProposalUnmet } from '../contracts/planner/proposal';
import { counted, noun } from '../format/plural';

export interface PlanStatus {
	/** One line under the proposal's title. */
	headline: string;
	/** Unmet patients the optimiser proved cannot be placed. */
	proven: ProposalUnmet[];
	/** Unmet patients it only did not place in the time it had: no proof of anything. */
	unproven: ProposalUnmet[];
}

/**
 * The proposal's status in words. `infeasible` is the exchange format's word for "a fixed
 * patient is not placed"; the coordinator is told it is impossible only where the optimiser
 * proved it, and that a longer search may place the others.
 */
export function planStatus(
	status: Proposal['status'],
	unmet: readonly ProposalUnmet[]
): PlanStatus {
	const proven = unmet.filter((u) => u.proven === true);
	const unproven = unmet.filter((u) => u.proven !== true);
	if (status === 'optimal') return { headline: 'Proven optimal', proven, unproven };
	if (status === 'feasible') return { headline: 'Feasible', proven, unproven };
	const parts: string[] = [];
	if (proven.length > 0)
		parts.push(
			`${counted(proven.length, 'fixed patient')} cannot be placed where they must be (see below)`
		);
	if (unproven.length > 0)
		parts.push(
			`${counted(unproven.length, 'patient who must be booked', 'patients who must be booked')} ${noun(unproven.length, 'was', 'were')} not placed in the time allowed. This is not a proof that they cannot be placed: try a longer search`
		);
	if (parts.length === 0) parts.push('Some fixed patients were not placed');
	return { headline: parts.join('; '), proven, unproven };
}
