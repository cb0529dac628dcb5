/**
 * The case-note request lifecycle and which moves between its statuses are allowed.
 *
 * The main path is requested → located → dispatched → available (at clinic or ward) → returned →
 * filed. Notes that are not where tracking says go missing; temporary notes are then made, and
 * merged with the original when it turns up. A request whose reason goes away is withdrawn.
 *
 * Tracking compliance (DOMAIN.md, "Health records") depends on every step being recorded as it
 * happens, so a step may not be skipped or taken back without a reason, which is kept with the
 * movement and in the audit log. Some moves are never allowed, reason or not.
 */

export const CASE_NOTE_STATUSES = [
	'requested',
	'located',
	'dispatched',
	'available',
	'returned',
	'filed',
	'missing',
	'temporary',
	'merged',
	'withdrawn'
] as const;
export type CaseNoteStatus = (typeof CASE_NOTE_STATUSES)[number];

/**
 * A request as records staff know it: by its volume's label, or before a volume is known, by the
 * patient whose notes it is for ("SURNAME, Forename"). Never its id, which no one sees. For
 * records staff only (they may see patient data), never an office display.
 */
export function caseNoteRequestLabel(r: { volumeBarcode: string | null; patient: string }): string {
	return r.volumeBarcode
		? `request for volume ${r.volumeBarcode}`
		: `request for ${r.patient}'s notes`;
}

export const MAIN_PATH = [
	'requested',
	'located',
	'dispatched',
	'available',
	'returned',
	'filed'
] as const;
type MainStatus = (typeof MAIN_PATH)[number];

/** Statuses a request never leaves. */
export const FINAL_STATUSES: readonly CaseNoteStatus[] = ['merged', 'withdrawn'];
/** Statuses with nothing left to do (filed can still be corrected, with a reason). */
export const CLOSED_STATUSES: readonly CaseNoteStatus[] = ['filed', 'merged', 'withdrawn'];

export const STATUS_LABELS: Record<CaseNoteStatus, string> = {
	requested: 'Requested',
	located: 'Located',
	dispatched: 'Dispatched',
	available: 'Available at clinic',
	returned: 'Returned',
	filed: 'Filed',
	missing: 'Missing',
	temporary: 'Temporary notes created',
	merged: 'Merged',
	withdrawn: 'Withdrawn'
};

/** What a person does to reach each status, as the worklist's buttons say it. */
export const ACTION_LABELS: Record<CaseNoteStatus, string> = {
	requested: 'Back to requested',
	located: 'Located',
	dispatched: 'Dispatched',
	available: 'Available',
	returned: 'Returned',
	filed: 'Filed',
	missing: 'Missing',
	temporary: 'Temporary notes made',
	merged: 'Merged',
	withdrawn: 'Withdraw'
};

export type TransitionKind =
	/** The next step on the path, or a recognised exception (missing, found, temporary, merged). */
	| 'step'
	/** Forward past one or more steps: needs a reason. */
	| 'skip'
	/** Backwards (a correction): needs a reason. */
	| 'reverse'
	/** Withdrawing the request: needs a reason (the system gives "Appointment cancelled"). */
	| 'withdraw'
	/** Never allowed. */
	| 'forbidden'
	| 'same';

export function isCaseNoteStatus(value: unknown): value is CaseNoteStatus {
	return typeof value === 'string' && (CASE_NOTE_STATUSES as readonly string[]).includes(value);
}

const mainIndex = (s: CaseNoteStatus) => (MAIN_PATH as readonly string[]).indexOf(s);

/** Where notes can go missing from: anywhere between the shelf and filing. */
const CAN_GO_MISSING: readonly CaseNoteStatus[] = [
	'requested',
	'located',
	'dispatched',
	'available',
	'returned'
];
const CAN_BE_WITHDRAWN: readonly CaseNoteStatus[] = [
	'requested',
	'located',
	'dispatched',
	'available',
	'missing'
];

export function transitionKind(from: CaseNoteStatus, to: CaseNoteStatus): TransitionKind {
	if (from === to) return 'same';
	if ((FINAL_STATUSES as readonly string[]).includes(from)) return 'forbidden';
	if (to === 'withdrawn') return CAN_BE_WITHDRAWN.includes(from) ? 'withdraw' : 'forbidden';
	if (to === 'missing') return CAN_GO_MISSING.includes(from) ? 'step' : 'forbidden';
	if (to === 'temporary') return from === 'missing' ? 'step' : 'forbidden';
	if (to === 'merged') return from === 'temporary' ? 'step' : 'forbidden';
	// `to` is on the main path from here on.
	if (from === 'temporary') return 'forbidden';
	if (from === 'missing') return to === 'located' ? 'step' : 'skip';
	const step = mainIndex(to) - mainIndex(from as MainStatus);
	if (step === 1) return 'step';
	return step > 1 ? 'skip' : 'reverse';
}

/** The next step on the main path (or the exception path), if there is one. */
export function nextStatus(status: CaseNoteStatus): CaseNoteStatus | null {
	if (status === 'missing') return 'located';
	if (status === 'temporary') return 'merged';
	const i = mainIndex(status);
	return i >= 0 && i < MAIN_PATH.length - 1 ? MAIN_PATH[i + 1] : null;
}

/** Every status a request can go to from `from` without a reason. */
export function plainMovesFrom(from: CaseNoteStatus): CaseNoteStatus[] {
	return CASE_NOTE_STATUSES.filter((to) => transitionKind(from, to) === 'step');
}

/** Every status a request can go to from `from` at all (some need a reason). */
export function movesFrom(from: CaseNoteStatus): CaseNoteStatus[] {
	return CASE_NOTE_STATUSES.filter(
		(to) => !['same', 'forbidden'].includes(transitionKind(from, to))
	);
}

export const REASON_MIN = 3;
export const REASON_MAX = 500;

export type TransitionCheck =
	| { ok: true; kind: Exclude<TransitionKind, 'forbidden' | 'same'>; reason: string | null }
	| { ok: false; message: string };

/**
 * Checks one move for a request, with the reason given (if any). The messages are shown to the
 * person as they are, so they say what is wrong and what would make it right, and name the
 * request as they know it (`request`: "request for volume CN0001234-01"), not by its id.
 */
export function checkTransition(
	request: string,
	from: CaseNoteStatus,
	to: CaseNoteStatus,
	reason?: string | null
): TransitionCheck {
	const kind = transitionKind(from, to);
	const why = reason?.trim() || null;
	const is = `The ${request} is '${from}'`;
	if (kind === 'same') return { ok: false, message: `${is} already` };
	if (kind === 'forbidden') {
		if ((FINAL_STATUSES as readonly string[]).includes(from)) {
			return { ok: false, message: `${is}, which is final; raise a new request instead` };
		}
		const hint =
			to === 'temporary'
				? 'temporary notes are made only for missing notes'
				: to === 'merged'
					? 'only temporary notes are merged'
					: from === 'temporary'
						? 'temporary notes are merged when the original volume is found'
						: 'that move is not part of the lifecycle';
		return { ok: false, message: `${is}; it can never go to '${to}' (${hint})` };
	}
	if (kind === 'skip' || kind === 'reverse' || kind === 'withdraw') {
		if (!why) return { ok: false, message: `${is}; it cannot go to '${to}' without a reason` };
		if (why.length < REASON_MIN) {
			return {
				ok: false,
				message: `The reason for moving the ${request} to '${to}' is too short (at least ${REASON_MIN} characters)`
			};
		}
		if (why.length > REASON_MAX) {
			return {
				ok: false,
				message: `The reason for moving the ${request} to '${to}' is too long (at most ${REASON_MAX} characters)`
			};
		}
	}
	return { ok: true, kind, reason: why };
}

/** The timestamp column each status stamps when it is reached. */
export const STATUS_STAMP = {
	located: 'locatedAt',
	dispatched: 'dispatchedAt',
	available: 'availableAt',
	returned: 'returnedAt',
	filed: 'filedAt',
	withdrawn: 'withdrawnAt',
	merged: 'mergedAt'
} as const satisfies Partial<Record<CaseNoteStatus, string>>;
export type StampColumn = (typeof STATUS_STAMP)[keyof typeof STATUS_STAMP];

/**
 * Stamps to clear when a request moves back along the main path: the steps after the one it
 * returns to did not happen after all, and turnaround figures must not count them.
 */
export function stampsUndoneBy(from: CaseNoteStatus, to: CaseNoteStatus): StampColumn[] {
	if (transitionKind(from, to) !== 'reverse') return [];
	const after = MAIN_PATH.slice(mainIndex(to) + 1, mainIndex(from) + 1);
	return after.flatMap((s) =>
		s in STATUS_STAMP ? [STATUS_STAMP[s as keyof typeof STATUS_STAMP]] : []
	);
}
