/**
 * Saved PTL views (issue 12): the PTL's filters, sort and page size, named by the person who
 * saved them. A view is kept as the PTL link's query string, read by the PTL's own filter reader
 * (`ptlViewSearch`) on saving, so a bad field is refused by name before anything is written, and
 * again whenever its link is opened, as any PTL link is. Each person lists their own views; the
 * link is the PTL's, so anyone who may open the PTL may follow a shared one; only the person who
 * saved a view deletes it. The naming rules are shared with capacity scenarios (savedNames.ts).
 */
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Executor } from '../../../db';
import { ptlViews, users } from '../../../db/schema';
import { writeAudit } from './audit';
import type { SessionUser } from './auth';
import { AppError } from './errors';
import { parseInput, unsafeTextIn } from './input';
import { PTL_VIEW_SEARCH_MAX, ptlViewSearch } from './ptl';
import { nameTaken, notTheirs, savedNameSchema } from './savedNames';

const saveSchema = z.object({
	name: savedNameSchema('view'),
	search: z
		.string('the PTL filters to save, as its link writes them')
		.max(PTL_VIEW_SEARCH_MAX, `at most ${PTL_VIEW_SEARCH_MAX} characters of filters`)
});

export interface SavedView {
	id: number;
	name: string;
	ownerId: number;
	/** The PTL link's query string, without `?`. */
	search: string;
	createdAt: Date;
}

export async function saveView(
	db: Database,
	actor: SessionUser,
	input: unknown
): Promise<SavedView> {
	const unsafe = unsafeTextIn(input);
	if (unsafe) throw new AppError('invalid', unsafe);
	const { name, search } = parseInput(saveSchema, input);
	const view = ptlViewSearch(new URLSearchParams(search.replace(/^\?/, '')));
	return db.transaction(async (tx) => {
		const [taken] = await tx
			.select({ id: ptlViews.id })
			.from(ptlViews)
			.where(and(eq(ptlViews.ownerId, actor.id), eq(ptlViews.name, name)));
		if (taken) throw nameTaken('view', name);
		const [row] = await tx
			.insert(ptlViews)
			.values({ name, ownerId: actor.id, search: view })
			.onConflictDoNothing()
			.returning();
		// a view of this name saved by the same person in the meantime
		if (!row) throw nameTaken('view', name);
		await writeAudit(tx, {
			userId: actor.id,
			action: 'save-ptl-view',
			entity: 'ptl_view',
			entityId: row.id,
			after: { name, search: view }
		});
		return row;
	});
}

/** The views `owner` saved, by name. */
export async function listViews(db: Database, owner: SessionUser): Promise<SavedView[]> {
	return db
		.select()
		.from(ptlViews)
		.where(eq(ptlViews.ownerId, owner.id))
		.orderBy(asc(ptlViews.name), asc(ptlViews.id));
}

async function viewById(db: Executor, id: number) {
	const [row] = await db
		.select({
			id: ptlViews.id,
			name: ptlViews.name,
			ownerId: ptlViews.ownerId,
			ownerName: users.name,
			search: ptlViews.search
		})
		.from(ptlViews)
		.innerJoin(users, eq(users.id, ptlViews.ownerId))
		.where(eq(ptlViews.id, id));
	if (!row) throw new AppError('not-found', `No saved view ${id}: it may have been deleted`);
	return row;
}

export async function deleteView(
	db: Database,
	actor: SessionUser,
	id: number
): Promise<{ name: string }> {
	return db.transaction(async (tx) => {
		const view = await viewById(tx, id);
		if (view.ownerId !== actor.id) throw notTheirs(view);
		await tx.delete(ptlViews).where(eq(ptlViews.id, id));
		await writeAudit(tx, {
			userId: actor.id,
			action: 'delete-ptl-view',
			entity: 'ptl_view',
			entityId: id,
			before: { name: view.name, search: view.search }
		});
		return { name: view.name };
	});
}
