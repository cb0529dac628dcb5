/**
 * A write that can be tried: `work` runs in one transaction, which a dry run rolls back once
 * `work` has finished, so a dry run's report is exactly what the real run would do and nothing
 * is written. Used by the PTL import and the FHIR Slot import.
 */
import type { Database, Tx } from '../../../db';

/** Thrown out of the transaction to roll a finished dry run back. */
class RolledBack extends Error {}

export async function unlessDryRun(
	db: Database,
	dryRun: boolean,
	work: (tx: Tx) => Promise<void>
): Promise<void> {
	try {
		await db.transaction(async (tx) => {
			await work(tx);
			if (dryRun) throw new RolledBack();
		});
	} catch (err) {
		if (!(err instanceof RolledBack)) throw err;
	}
}
