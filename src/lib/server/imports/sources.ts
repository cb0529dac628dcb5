/**
 * Named sources of PTL extracts (issue 14) and the header mapping each keeps: an admin maps a
 * file's own headers to the canonical columns once, on the import page, and saves them under the
 * source's name; choosing the source again (`?source=<id>` on the upload endpoints, `--source NAME`
 * on the command line) applies them. A mapping is checked by `checkMapping` when saved.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../../db';
import { importSources } from '../../../../db/schema';
import type { PtlImportSource } from '../../contracts/ptlImport';
import { checkMapping } from '../../domain/ptlImport';
import { writeAudit } from '../audit';
import { AppError } from '../errors';
import { idField, parseInput } from '../input';

const MAX_NAME = 80;

/** `{ name, mapping }` as the page sends it. */
export const sourceInput = z
	.object({
		name: z
			.string()
			.trim()
			.min(1, 'give the source a name')
			.max(MAX_NAME, `at most ${MAX_NAME} characters`),
		mapping: z.record(z.string(), z.unknown())
	})
	.strict();

export async function listSources(db: Database): Promise<PtlImportSource[]> {
	return db
		.select({ id: importSources.id, name: importSources.name, mapping: importSources.mapping })
		.from(importSources)
		.orderBy(asc(importSources.name));
}

/**
 * Saves a source's mapping, creating the source or replacing the mapping of the one with that
 * name (any case). Refuses, naming each header, a target that is no column or a column mapped
 * twice; writes nothing then.
 */
export async function saveSource(
	db: Database,
	input: unknown,
	userId: number | null
): Promise<PtlImportSource> {
	const { name, mapping } = parseInput(sourceInput, input);
	const checked = checkMapping(mapping);
	if (!checked.ok) throw new AppError('invalid', `mapping: ${checked.reasons.join('; ')}`);
	const values = { mapping: checked.mapping, updatedBy: userId, updatedAt: new Date() };
	const columns = {
		id: importSources.id,
		name: importSources.name,
		mapping: importSources.mapping
	};
	// Each save is audited with the mapping it replaced.
	return db.transaction(async (tx) => {
		const [before] = await tx
			.select(columns)
			.from(importSources)
			.where(eq(sql`lower(${importSources.name})`, name.toLowerCase()));
		if (before) {
			const [updated] = await tx
				.update(importSources)
				.set(values)
				.where(eq(importSources.id, before.id))
				.returning(columns);
			await writeAudit(tx, {
				userId,
				action: 'save-import-source',
				entity: 'import-source',
				entityId: updated.id,
				before: { mapping: before.mapping },
				after: { mapping: updated.mapping }
			});
			return updated;
		}
		const [created] = await tx
			.insert(importSources)
			.values({ name, ...values })
			.returning(columns);
		await writeAudit(tx, {
			userId,
			action: 'save-import-source',
			entity: 'import-source',
			entityId: created.id,
			after: { name: created.name, mapping: created.mapping }
		});
		return created;
	});
}

/** The mapping of the source with this id (from the page) or name (from the command line). */
export async function sourceMapping(
	db: Database,
	source: { id: unknown } | { name: string }
): Promise<Record<string, string>> {
	const where =
		'id' in source
			? eq(importSources.id, idField(source.id, 'source'))
			: eq(sql`lower(${importSources.name})`, source.name.trim().toLowerCase());
	const [found] = await db
		.select({ mapping: importSources.mapping })
		.from(importSources)
		.where(where);
	if (!found) {
		const named = 'id' in source ? String(source.id).slice(0, 20) : JSON.stringify(source.name);
		throw new AppError('not-found', `There is no import source ${named}`);
	}
	return found.mapping;
}
