/** A case-note request as the records worklists show it. */
import type { CaseNoteUrgency } from '../../../../db/schema';
import type { CaseNoteStatus } from '../../domain/caseNoteLifecycle';
import type { Lateness } from '../../domain/caseNoteSla';

export interface RequestView {
	id: number;
	patient: string;
	nhsMasked: string;
	volumeBarcode: string | null;
	reason: string;
	urgency: CaseNoteUrgency;
	status: CaseNoteStatus;
	requestedAt: string;
	neededBy: string;
	pullOn: string;
	homeLocationId: number | null;
	home: string | null;
	destination: string | null;
	current: string | null;
	assignee: { id: number; name: string } | null;
	bookingId: number | null;
	late: Lateness;
	/** On today's list because an earlier pull list did not get to it. */
	carriedOver: boolean;
}
