/**
 * Office displays and their tokens. An admin creates a display and is shown its token once; the
 * database keeps only the token's SHA-256, so a leaked table opens nothing. A token admits its
 * own display (the /display/<id> page and the /display socket namespace) and nothing else: it is
 * not a session. Revoking is a timestamp, kept for audit, and cuts the display off at once.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Database } from '../../../../db';
import {
	DISPLAY_PANELS,
	displays,
	specialties,
	users,
	type DisplayPanel
} from '../../../../db/schema';
import { DISPLAY_REFUSALS, type DisplayRefusal } from '../../contracts/realtime/display';
import { writeAudit } from '../audit';
import type { SessionUser } from '../auth';
import { AppError } from '../errors';
import { parseInput, wholeNumber } from '../input';
import { disconnectDisplay } from './live';

export const createDisplaySchema = z
	.object({
		name: z.string().trim().min(1, 'give the display a name').max(80),
		panels: z
			.array(z.enum(DISPLAY_PANELS))
			.min(1, 'choose at least one panel')
			.transform((chosen) => DISPLAY_PANELS.filter((p) => chosen.includes(p))),
		rotateSeconds: wholeNumber(5, 600),
		specialtyCode: z
			.string()
			.trim()
			.regex(/^[0-9A-Z]{3}$/, 'a treatment function code')
			.nullable()
			.default(null)
	})
	.strict();
export type CreateDisplayInput = z.input<typeof createDisplaySchema>;

/** What a verified display may know about itself. */
export interface DisplayConfig {
	id: number;
	name: string;
	panels: DisplayPanel[];
	rotateSeconds: number;
	specialtyCode: string | null;
}

export interface DisplayListing extends DisplayConfig {
	specialtyName: string | null;
	createdAt: Date;
	createdBy: string | null;
	lastSeenAt: Date | null;
	revokedAt: Date | null;
	revokedBy: string | null;
}

export type DisplayVerdict =
	| { ok: true; display: DisplayConfig }
	| { ok: false; refusal: DisplayRefusal; status: 403 | 404; message: string };

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a display; the token is returned here and never again. */
export async function createDisplay(
	db: Database,
	actor: SessionUser,
	input: unknown
): Promise<{ display: DisplayConfig; token: string }> {
	const values = parseInput(createDisplaySchema, input);
	if (values.specialtyCode) {
		const [known] = await db
			.select({ code: specialties.code })
			.from(specialties)
			.where(eq(specialties.code, values.specialtyCode));
		if (!known)
			throw new AppError('invalid', `specialtyCode: no specialty ${values.specialtyCode}`);
	}
	const token = randomBytes(32).toString('base64url');
	const display = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(displays)
			.values({ ...values, tokenHash: hashToken(token), createdBy: actor.id })
			.returning();
		const created = configOf(row);
		// The audit entry records what the display shows, never its token or hash.
		await writeAudit(tx, {
			userId: actor.id,
			action: 'create-display',
			entity: 'display',
			entityId: row.id,
			after: created
		});
		return created;
	});
	return { display, token };
}

/** Whether `token` opens display `displayId`, compared in constant time. */
export async function verifyDisplayToken(
	db: Database,
	displayId: number,
	token: string
): Promise<DisplayVerdict> {
	const [row] = await db.select().from(displays).where(eq(displays.id, displayId));
	if (!row) return refuse('unknown', 404);
	const given = Buffer.from(hashToken(token), 'hex');
	const stored = Buffer.from(row.tokenHash, 'hex');
	if (given.length !== stored.length || !timingSafeEqual(given, stored))
		return refuse('invalid', 403);
	if (row.revokedAt) return refuse('revoked', 403);
	return { ok: true, display: configOf(row) };
}

/** Revokes a display and disconnects it at once. */
export async function revokeDisplay(
	db: Database,
	actor: SessionUser,
	displayId: number
): Promise<DisplayConfig> {
	const revoked = await db.transaction(async (tx) => {
		const [row] = await tx.select().from(displays).where(eq(displays.id, displayId)).for('update');
		if (!row) throw new AppError('not-found', `No display ${displayId}`);
		if (row.revokedAt)
			throw new AppError('conflict', `The display "${row.name}" is already revoked`);
		const revokedAt = new Date();
		await tx
			.update(displays)
			.set({ revokedAt, revokedBy: actor.id })
			.where(eq(displays.id, displayId));
		await writeAudit(tx, {
			userId: actor.id,
			action: 'revoke-display',
			entity: 'display',
			entityId: displayId,
			before: { revokedAt: null },
			after: { revokedAt: revokedAt.toISOString() }
		});
		return configOf(row);
	});
	disconnectDisplay(displayId, DISPLAY_REFUSALS.revoked);
	return revoked;
}

/** Every display, newest first, for the admin page (never the token hash). */
export async function listDisplays(db: Database): Promise<DisplayListing[]> {
	const creator = alias(users, 'creator');
	const revoker = alias(users, 'revoker');
	const rows = await db
		.select({
			id: displays.id,
			name: displays.name,
			panels: displays.panels,
			rotateSeconds: displays.rotateSeconds,
			specialtyCode: displays.specialtyCode,
			specialtyName: specialties.name,
			createdAt: displays.createdAt,
			createdBy: creator.name,
			lastSeenAt: displays.lastSeenAt,
			revokedAt: displays.revokedAt,
			revokedBy: revoker.name
		})
		.from(displays)
		.leftJoin(specialties, eq(specialties.code, displays.specialtyCode))
		.leftJoin(creator, eq(creator.id, displays.createdBy))
		.leftJoin(revoker, eq(revoker.id, displays.revokedBy))
		.orderBy(desc(displays.createdAt), desc(displays.id));
	return rows;
}

/** Records that displays were connected just now. */
export async function markDisplaysSeen(
	db: Database,
	displayIds: number[],
	at = new Date()
): Promise<void> {
	if (displayIds.length === 0) return;
	await db.update(displays).set({ lastSeenAt: at }).where(inArray(displays.id, displayIds));
}

/** Of `displayIds`, those still allowed to show (not revoked). */
export async function activeDisplayIds(db: Database, displayIds: number[]): Promise<Set<number>> {
	if (displayIds.length === 0) return new Set();
	const rows = await db
		.select({ id: displays.id })
		.from(displays)
		.where(and(inArray(displays.id, displayIds), isNull(displays.revokedAt)));
	return new Set(rows.map((r) => r.id));
}

function configOf(row: typeof displays.$inferSelect): DisplayConfig {
	return {
		id: row.id,
		name: row.name,
		panels: row.panels,
		rotateSeconds: row.rotateSeconds,
		specialtyCode: row.specialtyCode
	};
}

function refuse(refusal: DisplayRefusal, status: 403 | 404): DisplayVerdict {
	return { ok: false, refusal, status, message: DISPLAY_REFUSALS[refusal] };
}
