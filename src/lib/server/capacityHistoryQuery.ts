/**
 * `GET /api/capacity/history`: the parameters, checked, and the answer, which is the calibrate
 * command's input (`npm run capacity -- calibrate`) with each period's label and the bin rule.
 */
import type { CapacityCalibrateInput } from '../contracts/capacity';
import { calibrateInput, MONTHLY_BIN_RULE, MONTHLY_MAX_BIN } from '../domain/capacity/history';
import { REPORTED_SPECIALTIES, TOTAL_SPECIALTY } from '../domain/nationalRtt';
import type { Executor } from '../../../db';
import { AppError } from './errors';
import {
	nationalMonthlyHistory,
	ownWeeklyHistory,
	parseListChoice,
	parseProvider,
	WEEKLY_MAX_BIN
} from './capacityHistory';

export interface CapacityHistory {
	source: 'own' | 'national';
	period: 'week' | 'month';
	/** How waits were put in bins. */
	rule: string;
	/** The label of each observed period (the start list's period is not among them). */
	labels: string[];
	input: CapacityCalibrateInput;
}

const MAX_WEEKS = 260;

export async function capacityHistory(
	db: Executor,
	params: URLSearchParams,
	monday: string
): Promise<CapacityHistory> {
	const source = params.get('source') ?? 'own';
	if (source === 'own') {
		const weeksRaw = params.get('weeks') ?? '52';
		const weeks = Number(weeksRaw);
		if (!/^\d+$/.test(weeksRaw) || weeks < 2 || weeks > MAX_WEEKS)
			throw new AppError(
				'invalid',
				`weeks: a whole number from 2 to ${MAX_WEEKS}, not "${weeksRaw}"`
			);
		const { specialty, listType } = parseListChoice(params);
		const periods = await ownWeeklyHistory(db, {
			census: monday,
			weeks,
			specialties: specialty === null ? [] : [specialty],
			listType
		});
		return {
			source,
			period: 'week',
			rule: `whole weeks waited at each Monday's census; the last bin is ${WEEKLY_MAX_BIN} weeks or more`,
			...calibrateInput(WEEKLY_MAX_BIN, periods)
		};
	}
	if (source === 'national') {
		const provider = parseProvider(params);
		const specialty = params.get('specialty') || TOTAL_SPECIALTY;
		if (!Object.hasOwn(REPORTED_SPECIALTIES, specialty))
			throw new AppError(
				'invalid',
				`specialty: a national treatment function such as C_110, not "${specialty}"`
			);
		const periods = await nationalMonthlyHistory(db, provider, specialty);
		if (periods.length < 2)
			throw new AppError(
				'not-found',
				`No run of two or more consecutive months imported for ${provider} ${specialty}`
			);
		return {
			source,
			period: 'month',
			rule: MONTHLY_BIN_RULE,
			...calibrateInput(MONTHLY_MAX_BIN, periods)
		};
	}
	throw new AppError('invalid', `source: own or national, not "${source}"`);
}
