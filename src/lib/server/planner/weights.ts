import type { Database } from '../../../../db';
import { settings } from '../../../../db/schema';
import { MalformedProblemError, parseProblem, type Weights } from '../../domain/planning/problem';
import { writeAudit } from '../audit';
import { AppError } from '../errors';
import { planningWeights, WEIGHTS_SETTING } from './proposals';

/**
 * Validates weights exactly as the planning spec does (by parsing a minimal problem carrying
 * them), so the app can never store weights the optimiser or an outside checker would refuse.
 */
export async function saveWeights(db: Database, input: unknown, userId: number): Promise<Weights> {
	let weights: Weights;
	try {
		weights = parseProblem({
			version: 1,
			horizon: { start: '2026-01-01', end: '2026-01-01' },
			weights: input,
			sessions: [],
			patients: []
		}).weights;
	} catch (e) {
		if (e instanceof MalformedProblemError)
			throw new AppError('invalid', e.message.replace(/\bweights\./g, ''));
		throw e;
	}
	if (!weights.unbookedAccrues) {
		// Spec: false exists for outside formats; the product never uses it for waiting lists.
		throw new AppError(
			'invalid',
			'unbookedAccrues: must stay true for waiting lists (an unbooked patient keeps waiting)'
		);
	}
	const before = await planningWeights(db);
	await db.transaction(async (tx) => {
		await tx
			.insert(settings)
			.values({ key: WEIGHTS_SETTING, value: weights })
			.onConflictDoUpdate({ target: settings.key, set: { value: weights, updatedAt: new Date() } });
		await writeAudit(tx, {
			userId,
			action: 'update',
			entity: 'setting',
			entityId: WEIGHTS_SETTING,
			before,
			after: weights
		});
	});
	return weights;
}
