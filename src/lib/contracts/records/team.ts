/** The team leader's view of who holds which work, as the team page shows it. */
import type { Role } from '../../../../db/schema';

export const WORK_KINDS = ['request', 'summary', 'validation'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export const KIND_LABELS: Record<WorkKind, string> = {
	request: 'Case notes',
	summary: 'Summarising',
	validation: 'Validation'
};

export const AGE_BANDS = ['today', '1–2 days', '3–7 days', 'over a week'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface WorkItem {
	kind: WorkKind;
	id: number;
	patient: string;
	detail: string;
	since: string;
	ageDays: number;
}

export interface PersonWork {
	person: { id: number; name: string; role: Role } | null;
	items: WorkItem[];
	byKind: Record<WorkKind, number>;
	byAge: Record<AgeBand, number>;
}
