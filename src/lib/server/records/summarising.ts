/**
 * The summarising queue: records awaiting a structured summary, oldest first. A summariser claims
 * an item (one conditional UPDATE, so of two people racing exactly one wins), writes the summary,
 * and completes it or returns it to the queue. Every change is audited and announced live.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../../../db';
import { documents, patients, summarisingItems, users } from '../../../../db/schema';
import { maskNhsNumber, formatNhsNumber } from '../../domain/rtt';
import { ukDate } from '../../format/date';
import { DAY, timeOfMinutes, wallClock } from '../../domain/workingTime';
import type {
	QueueItem,
	SourceDocument,
	SummarisingQueue
} from '../../contracts/records/summarising';
import {
	draftSchema,
	summaryIssueText,
	summaryProblem,
	summarySchema,
	type RecordSummary
} from '../../contracts/records/summary';
import { writeAudit } from '../audit';
import { AppError } from '../errors';
import { checkHandOn, isSupervisor } from './handOn';
import { announceSummarising } from './live';
import { requireUserWithRole, type Actor } from './staff';
import { readRecordsSettings } from './settings';
import { HELD_STATUS, summarisingBacklog, UNASSIGNED_STATUS } from './summarisingBacklog';
import { dayIn } from '../trustCalendar';
import { patientName } from '../../domain/patient';
import { sentence, summarisingItemLabel } from '../../domain/summarisingItem';

const itemColumns = {
	id: summarisingItems.id,
	source: summarisingItems.source,
	receivedAt: summarisingItems.receivedAt,
	status: summarisingItems.status,
	claimedAt: summarisingItems.claimedAt,
	holderId: users.id,
	holderName: users.name,
	givenName: patients.givenName,
	familyName: patients.familyName,
	nhsNumber: patients.nhsNumber,
	dateOfBirth: patients.dateOfBirth,
	sex: patients.sex,
	summary: summarisingItems.summary,
	documentTitle: documents.title
};

/** A queue row as the select above returns it. */
interface ItemRow {
	id: number;
	source: string;
	receivedAt: Date;
	status: QueueItem['status'];
	claimedAt: Date | null;
	holderId: number | null;
	holderName: string | null;
	givenName: string;
	familyName: string;
	nhsNumber: string;
	documentTitle: string | null;
}

function toQueueItem(r: ItemRow, now: Date): QueueItem {
	return {
		id: r.id,
		source: r.source,
		documentTitle: r.documentTitle,
		receivedAt: r.receivedAt.toISOString(),
		ageDays: Math.floor((now.getTime() - r.receivedAt.getTime()) / DAY),
		patient: patientName(r),
		nhsMasked: maskNhsNumber(r.nhsNumber),
		status: r.status,
		holder:
			r.holderId !== null && r.holderName !== null ? { id: r.holderId, name: r.holderName } : null,
		claimedAt: r.claimedAt?.toISOString() ?? null
	};
}

export async function summarisingQueue(
	db: Executor,
	viewerId: number,
	options: { page?: number; pageSize?: number; now?: Date } = {}
): Promise<SummarisingQueue> {
	const page = options.page ?? 1;
	const pageSize = options.pageSize ?? 50;
	const now = options.now ?? new Date();
	const base = () =>
		db
			.select(itemColumns)
			.from(summarisingItems)
			.innerJoin(patients, eq(patients.id, summarisingItems.patientId))
			.leftJoin(documents, eq(documents.summarisingItemId, summarisingItems.id))
			.leftJoin(users, eq(users.id, summarisingItems.claimedBy));
	const backlog = await summarisingBacklog(db, now);
	const awaiting = await base()
		.where(eq(summarisingItems.status, UNASSIGNED_STATUS))
		.orderBy(asc(summarisingItems.receivedAt), asc(summarisingItems.id))
		.limit(pageSize)
		.offset((page - 1) * pageSize);
	const claimed = await base()
		.where(eq(summarisingItems.status, HELD_STATUS))
		.orderBy(asc(summarisingItems.claimedAt), asc(summarisingItems.id));
	const mine = claimed.filter((r) => r.holderId === viewerId);
	const letters = await documentsOf(
		db,
		mine.map((r) => r.id)
	);
	return {
		awaiting: awaiting.map((r) => toQueueItem(r, now)),
		awaitingTotal: backlog.awaiting,
		backlog,
		page,
		pageSize,
		claimed: claimed.filter((r) => r.holderId !== viewerId).map((r) => toQueueItem(r, now)),
		mine: mine.map((r) => ({
			...toQueueItem(r, now),
			nhsNumber: formatNhsNumber(r.nhsNumber),
			dateOfBirth: r.dateOfBirth,
			sex: r.sex,
			draft: (r.summary as RecordSummary | null) ?? null,
			document: letters.get(r.id) ?? null
		}))
	};
}

const documentColumns = {
	itemId: documents.summarisingItemId,
	title: documents.title,
	author: documents.author,
	writtenOn: documents.writtenOn,
	body: documents.body
};

/** The letters of these items, by item id (items with none are absent). */
async function documentsOf(db: Executor, itemIds: number[]): Promise<Map<number, SourceDocument>> {
	if (itemIds.length === 0) return new Map();
	const rows = await db
		.select(documentColumns)
		.from(documents)
		.where(inArray(documents.summarisingItemId, itemIds));
	return new Map(rows.map(({ itemId, ...letter }) => [itemId, letter]));
}

/**
 * The letter an item was raised for (null when it came with none), for anyone who may open the
 * summarising queue; a 404 for an item that does not exist.
 */
export async function itemDocument(
	db: Executor,
	itemId: number
): Promise<{ itemId: number; document: SourceDocument | null }> {
	const [item] = await db
		.select({ id: summarisingItems.id })
		.from(summarisingItems)
		.where(eq(summarisingItems.id, itemId));
	if (!item) throw new AppError('not-found', `No summarising item ${itemId}`);
	return { itemId, document: (await documentsOf(db, [itemId])).get(itemId) ?? null };
}

const hhmm = (d: Date, timeZone: string) => {
	const { date, minute } = wallClock(d.getTime(), timeZone);
	return `${ukDate(date)} ${timeOfMinutes(minute)}`;
};

/** The columns that name an item as staff know it (summarisingItemLabel); join patients and documents. */
const labelColumns = {
	givenName: patients.givenName,
	familyName: patients.familyName,
	source: summarisingItems.source,
	documentTitle: documents.title
};

const labelOf = (r: {
	givenName: string;
	familyName: string;
	source: string;
	documentTitle: string | null;
}) => summarisingItemLabel({ ...r, patient: patientName(r) });

/** How staff name an item in messages ("the ENT outpatient clinic letter for PARKER, Maria"). */
export async function itemLabel(db: Executor, itemId: number): Promise<string> {
	const [row] = await db
		.select(labelColumns)
		.from(summarisingItems)
		.innerJoin(patients, eq(patients.id, summarisingItems.patientId))
		.leftJoin(documents, eq(documents.summarisingItemId, summarisingItems.id))
		.where(eq(summarisingItems.id, itemId));
	if (!row) throw new AppError('not-found', `No summarising item ${itemId}`);
	return labelOf(row);
}

/** Why an item cannot be claimed, worded for the person who lost the race. */
async function whyNotClaimable(tx: Executor, itemId: number, timeZone: string): Promise<AppError> {
	const [row] = await tx
		.select({
			...labelColumns,
			status: summarisingItems.status,
			claimedAt: summarisingItems.claimedAt,
			completedAt: summarisingItems.completedAt,
			holder: users.name
		})
		.from(summarisingItems)
		.innerJoin(patients, eq(patients.id, summarisingItems.patientId))
		.leftJoin(documents, eq(documents.summarisingItemId, summarisingItems.id))
		.leftJoin(
			users,
			eq(users.id, sql`coalesce(${summarisingItems.claimedBy}, ${summarisingItems.completedBy})`)
		)
		.where(eq(summarisingItems.id, itemId));
	if (!row) return new AppError('not-found', `No summarising item ${itemId}`);
	const label = sentence(labelOf(row));
	if (row.status === 'claimed') {
		return new AppError(
			'conflict',
			`${label} was claimed by ${row.holder ?? 'someone else'} at ${row.claimedAt ? hhmm(row.claimedAt, timeZone) : 'an unknown time'}`
		);
	}
	return new AppError(
		'conflict',
		`${label} has already been summarised${row.holder ? ` by ${row.holder}` : ''}`
	);
}

/**
 * Claims an item for `actor`. The UPDATE only matches an item still awaiting, so when two people
 * claim at once the database lets exactly one of them have it; the other gets a 409 naming them.
 */
export async function claimItem(
	db: Database,
	actor: Actor,
	itemId: number,
	now = new Date()
): Promise<{ id: number }> {
	const { calendar } = await readRecordsSettings(db);
	const claimed = await db.transaction(async (tx) => {
		const [row] = await tx
			.update(summarisingItems)
			.set({ status: 'claimed', claimedBy: actor.id, claimedAt: now })
			.where(and(eq(summarisingItems.id, itemId), eq(summarisingItems.status, 'awaiting')))
			.returning({ id: summarisingItems.id });
		if (!row) throw await whyNotClaimable(tx, itemId, calendar.timeZone);
		await writeAudit(tx, {
			userId: actor.id,
			action: 'claim-summarising-item',
			entity: 'summarising_item',
			entityId: itemId,
			before: { status: 'awaiting' },
			after: { status: 'claimed', claimedBy: actor.id }
		});
		return row;
	});
	announceSummarising({ itemId, status: 'claimed', holder: { id: actor.id, name: actor.name } });
	return claimed;
}

async function heldItem(tx: Executor, actor: Actor, itemId: number, doing: string) {
	const [row] = await tx
		.select({
			...labelColumns,
			id: summarisingItems.id,
			status: summarisingItems.status,
			claimedBy: summarisingItems.claimedBy,
			holder: users.name,
			summary: summarisingItems.summary,
			dateOfBirth: patients.dateOfBirth
		})
		.from(summarisingItems)
		.innerJoin(patients, eq(patients.id, summarisingItems.patientId))
		.leftJoin(documents, eq(documents.summarisingItemId, summarisingItems.id))
		.leftJoin(users, eq(users.id, summarisingItems.claimedBy))
		.where(eq(summarisingItems.id, itemId))
		.for('update', { of: summarisingItems });
	if (!row) throw new AppError('not-found', `No summarising item ${itemId}`);
	const item = { ...row, label: labelOf(row) };
	if (item.status !== 'claimed') {
		throw new AppError(
			'conflict',
			`${sentence(item.label)} ${item.status === 'awaiting' ? 'is still in the queue; claim it first' : 'is already summarised'}`
		);
	}
	if (item.claimedBy !== actor.id && !isSupervisor(actor)) {
		throw new AppError(
			'conflict',
			`${sentence(item.label)} is claimed by ${item.holder}; only they can ${doing} it`
		);
	}
	return item;
}

/**
 * The holder's item, once the summary passes the rules for completion (entries dated after birth
 * and not in the future, and at least what the rules ask).
 */
async function heldSummary(
	tx: Executor,
	actor: Actor,
	itemId: number,
	summary: RecordSummary,
	today: string
) {
	const item = await heldItem(tx, actor, itemId, 'complete');
	const problem = summaryProblem(summary, {
		dateOfBirth: item.dateOfBirth,
		today,
		completing: true
	});
	if (problem) throw new AppError('invalid', problem);
	return item;
}

/** A summary from the editor, or a 400 in the summariser's words ("Medication 1: …"). */
function parseSummary(input: unknown, schema = summarySchema): RecordSummary {
	const result = schema.safeParse(input);
	if (!result.success) throw new AppError('invalid', summaryIssueText(result.error, input));
	return result.data;
}

/**
 * Keeps the summary so far without completing (the claim stays). The editor autosaves as the
 * summariser types, so half-typed entries are kept as they are; the answer says what would stop
 * completion now (the first problem, or null), without refusing the draft.
 */
export async function saveDraft(
	db: Database,
	actor: Actor,
	itemId: number,
	input: unknown,
	now = new Date()
): Promise<{ problem: string | null }> {
	const draft = parseSummary(input, draftSchema);
	const { calendar } = await readRecordsSettings(db);
	return db.transaction(async (tx) => {
		const item = await heldItem(tx, actor, itemId, 'edit');
		await tx
			.update(summarisingItems)
			.set({ summary: draft })
			.where(eq(summarisingItems.id, itemId));
		await writeAudit(tx, {
			userId: actor.id,
			action: 'save-summary-draft',
			entity: 'summarising_item',
			entityId: itemId,
			after: { entries: countEntries(draft) }
		});
		const strict = summarySchema.safeParse(draft);
		const problem = strict.success
			? summaryProblem(strict.data, {
					dateOfBirth: item.dateOfBirth,
					today: dayIn(calendar.timeZone, now).today,
					completing: false
				})
			: summaryIssueText(strict.error, draft);
		return { problem };
	});
}

const countEntries = (s: RecordSummary) =>
	Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.length]));

/** Completes the holder's item with a valid summary. */
export async function completeItem(
	db: Database,
	actor: Actor,
	itemId: number,
	input: unknown,
	now = new Date()
): Promise<void> {
	const summary = parseSummary(input);
	const { calendar } = await readRecordsSettings(db);
	await db.transaction(async (tx) => {
		const item = await heldSummary(tx, actor, itemId, summary, dayIn(calendar.timeZone, now).today);
		await tx
			.update(summarisingItems)
			.set({
				status: 'completed',
				claimedBy: null,
				completedBy: item.claimedBy,
				completedAt: now,
				summary
			})
			.where(eq(summarisingItems.id, itemId));
		await writeAudit(tx, {
			userId: actor.id,
			action: 'complete-summarising-item',
			entity: 'summarising_item',
			entityId: itemId,
			before: { status: 'claimed', claimedBy: item.claimedBy },
			after: { status: 'completed', completedBy: item.claimedBy, entries: countEntries(summary) }
		});
	});
	announceSummarising({ itemId, status: 'completed', holder: null });
}

/** Returns a claimed item to the queue (its draft, if any, stays for whoever takes it next). */
export async function releaseItem(db: Database, actor: Actor, itemId: number): Promise<void> {
	await releaseItems(db, actor, [itemId]);
}

/**
 * Returns several claimed items to the queue in one transaction: if any of them cannot go back,
 * none does. Each is audited as a single return is.
 */
export async function releaseItems(db: Database, actor: Actor, itemIds: number[]): Promise<void> {
	const ids = [...new Set(itemIds)];
	await db.transaction(async (tx) => {
		for (const itemId of ids) {
			const item = await heldItem(tx, actor, itemId, 'return');
			await tx
				.update(summarisingItems)
				.set({ status: 'awaiting', claimedBy: null, claimedAt: null })
				.where(eq(summarisingItems.id, itemId));
			await writeAudit(tx, {
				userId: actor.id,
				action: 'release-summarising-item',
				entity: 'summarising_item',
				entityId: itemId,
				before: { status: 'claimed', claimedBy: item.claimedBy },
				after: { status: 'awaiting' }
			});
		}
	});
	for (const itemId of ids) announceSummarising({ itemId, status: 'awaiting', holder: null });
}

/** Hands a claimed item to another summariser (team view). */
export async function reassignItem(
	db: Database,
	actor: Actor,
	itemId: number,
	toUserId: number,
	now = new Date()
): Promise<void> {
	await reassignItems(db, actor, [itemId], toUserId, now);
}

/**
 * Hands several claimed items to one summariser in one transaction (the team page's bulk
 * reassignment): if any of them cannot move, none does. Each is audited as a single one is.
 */
export async function reassignItems(
	db: Database,
	actor: Actor,
	itemIds: number[],
	toUserId: number,
	now = new Date()
): Promise<void> {
	const ids = [...new Set(itemIds)];
	if (ids.length === 0) return;
	const target = await db.transaction(async (tx) => {
		let to: Awaited<ReturnType<typeof requireUserWithRole>> | null = null;
		for (const itemId of ids) {
			const item = await heldItem(tx, actor, itemId, 'reassign');
			to ??= await requireUserWithRole(tx, toUserId, ['summariser'], 'assigneeId');
			if (item.claimedBy === to.id)
				throw new AppError('conflict', `${sentence(item.label)} is already with ${to.name}`);
			checkHandOn(
				actor,
				{ label: sentence(item.label), holder: { id: item.claimedBy!, name: item.holder } },
				to.id
			);
			await tx
				.update(summarisingItems)
				.set({ claimedBy: to.id, claimedAt: now })
				.where(eq(summarisingItems.id, itemId));
			await writeAudit(tx, {
				userId: actor.id,
				action: 'reassign-summarising-item',
				entity: 'summarising_item',
				entityId: itemId,
				before: { claimedBy: item.claimedBy },
				after: { claimedBy: to.id }
			});
		}
		return to!;
	});
	for (const itemId of ids) {
		announceSummarising({
			itemId,
			status: 'claimed',
			holder: { id: target.id, name: target.name }
		});
	}
}
