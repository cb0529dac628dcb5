/**
 * Who may hand on work (README, "Who may hand on work"), for every worklist that has holders:
 * case-note requests, validation tasks and summarising claims.
 *
 * - Anyone who works a list takes work nobody holds, and puts their own back in the pool.
 * - Giving work to someone else, or moving it from one person to another, is for team leaders
 *   and admins.
 * - Anyone else may take over an item another person holds only by saying so (`takeOver`): the
 *   change is audited as a take-over and the previous holder is told at once.
 */
import type { Role } from '../../../../db/schema';
import { userRoom } from '../../contracts/realtime/events';
import type { WorkKind } from '../../contracts/records/team';
import { realtime } from '../realtime';
import { AppError } from '../errors';
import { idField } from '../input';
import type { Actor } from './staff';

/** The roles that share out work: they may move any item to anyone. */
export const SUPERVISOR_ROLES: readonly Role[] = ['admin', 'team_leader'];

export const isSupervisor = (actor: Pick<Actor, 'role'>) => SUPERVISOR_ROLES.includes(actor.role);

export type HandOn = 'unchanged' | 'take' | 'return' | 'reassign' | 'take-over';

export interface Holding {
	/**
	 * How the item is named at the start of a refusal, as the person knows it (never by an id):
	 * "The request for volume CN0001234-01", "SMITH, Ann's validation".
	 */
	label: string;
	holder: { id: number; name: string | null } | null;
}

/** What moving `item` to `to` (a user id, or null for the pool) is; throws when not allowed. */
export function checkHandOn(
	actor: Actor,
	item: Holding,
	to: number | null,
	options: { takeOver?: boolean } = {}
): HandOn {
	const from = item.holder?.id ?? null;
	if (from === to) return 'unchanged';
	if (isSupervisor(actor)) return 'reassign';
	if (to !== null && to !== actor.id) {
		throw new AppError(
			'forbidden',
			'You can take work for yourself; ask a team leader to hand it to someone else'
		);
	}
	if (from === null) return 'take';
	if (from === actor.id) return 'return';
	const holder = item.holder?.name ?? 'someone else';
	if (to === null) {
		throw new AppError(
			'forbidden',
			`${item.label} is held by ${holder}; only they or a team leader can put it back`
		);
	}
	if (!options.takeOver) {
		throw new AppError(
			'conflict',
			`${item.label} is held by ${holder}. Take it over explicitly (they will be told), or ask a team leader`
		);
	}
	return 'take-over';
}

export interface HandOnResult {
	changed: number[];
	/** Items taken over from someone, with whom from. */
	takenOver: { id: number; from: { id: number; name: string } }[];
}

/** Tells each previous holder, on their own socket room, which of their items were taken over. */
export function announceTakeOvers(
	kind: WorkKind,
	takenOver: HandOnResult['takenOver'],
	by: Pick<Actor, 'id' | 'name'>
): void {
	const byHolder = new Map<number, number[]>();
	for (const t of takenOver) byHolder.set(t.from.id, [...(byHolder.get(t.from.id) ?? []), t.id]);
	for (const [holder, ids] of byHolder) {
		realtime()
			?.to(userRoom(holder))
			.emit('work:taken-over', {
				kind,
				ids,
				by: { id: by.id, name: by.name },
				at: new Date().toISOString()
			});
	}
}

/** "3 requests assigned (taken over from Rita Records)": what the person who did it is told. */
export function handOnMessage(result: HandOnResult, one: string, many: string): string {
	const n = result.changed.length;
	const from = [...new Set(result.takenOver.map((t) => t.from.name))];
	return `${n} ${n === 1 ? one : many} assigned${from.length ? ` (taken over from ${from.join(', ')})` : ''}`;
}

/** A form's "take over" checkbox or hidden field. */
export const isChecked = (value: unknown) => value === '1' || value === 'on' || value === 'true';

/**
 * What a list's "assign" form asks for: the items (`idsField`, repeated), to whom (the person
 * themselves when nobody is named, the pool for 'none') and whether it is an explicit take-over.
 * Whether they may is `checkHandOn`'s to say.
 */
export function handOnForm(
	actor: Pick<Actor, 'id'>,
	form: Record<string, unknown>,
	idsField: string
): { ids: number[]; to: number | null; takeOver: boolean } {
	const ids = ((form[idsField] as string[] | undefined) ?? []).map((id) => idField(id, idsField));
	const to =
		form.assigneeId === 'none'
			? null
			: form.assigneeId === undefined
				? actor.id
				: idField(form.assigneeId, 'assigneeId');
	return { ids, to, takeOver: isChecked(form.takeOver) };
}
