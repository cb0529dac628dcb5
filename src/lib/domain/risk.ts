import { BREACH_SOON_DAYS, isOverWeeks, RTT_STANDARD_DAYS } from './rtt';

export type WaitRisk = 'high' | 'breached' | 'soon' | 'ok';

/** Days before the 18-week point at which a patient counts as "breaching soon" (4 weeks). */
export const SOON_DAYS = BREACH_SOON_DAYS;

/**
 * The risk colour a coordinator sees: high once a P-code target is missed or a patient waits
 * over 52 weeks, breached past 18 weeks, soon within 4 weeks of the 18-week point.
 */
export function waitRisk(daysWaited: number, priorityOverdue: boolean): WaitRisk {
	if (priorityOverdue || isOverWeeks(daysWaited, 52)) return 'high';
	if (daysWaited > RTT_STANDARD_DAYS) return 'breached';
	if (daysWaited > RTT_STANDARD_DAYS - SOON_DAYS) return 'soon';
	return 'ok';
}

export const RISK_LABELS: Record<WaitRisk, string> = {
	high: 'Over 52 weeks or P-code overdue',
	breached: 'Past 18 weeks',
	soon: 'Breaches 18 weeks within 4 weeks',
	ok: 'Within 18 weeks'
};
