/** A pathway on the validation worklist, as the worklist shows it. */
import type { WorklistFlag } from '../../domain/validationOutcome';

export interface WorklistItem {
	pathwayId: number;
	/** For the link to the patient's page. */
	patientId: number;
	patient: string;
	nhsMasked: string;
	/** Told apart from others of the name by it (issue 12). */
	dateOfBirth: string;
	specialty: string;
	specialtyName: string;
	listType: string;
	procedure: string | null;
	priority: string | null;
	rttStatus: string;
	clockStart: string;
	daysWaited: number;
	weekBand: number;
	lastValidatedOn: string | null;
	validationDue: string | null;
	tciDate: string | null;
	flags: WorklistFlag[];
	assignee: { id: number; name: string } | null;
	assignedAt: string | null;
}
