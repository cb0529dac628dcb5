/**
 * The demo trust as plain data, before it meets a database. Rows point at each other by their
 * index in the arrays of {@link DemoData} (not by database id), so generating is a pure function
 * of (seed, pathways, today) and the loader decides the ids.
 *
 * Timestamps are epoch milliseconds; dates and times are the ISO strings the columns store.
 */
import type { Priority } from '../../src/lib/domain/rtt';
import type { AttendanceCode, CancellationReason } from '../../src/lib/domain/attendance';
import type {
	BookingStatus,
	CaseNoteStatus,
	CaseNoteUrgency,
	ListType,
	LocationKind,
	SessionKind,
	SummaryStatus
} from '../schema';
import type { DemoAccount, Sex } from './catalogue';

export interface DemoOptions {
	seed: number;
	/** How many pathways (open and closed) to create. */
	pathways: number;
	/** The census date the waits are measured back from (YYYY-MM-DD). */
	today: string;
}

export interface DemoSite {
	code: string;
	name: string;
}

export interface DemoLocation {
	site: number;
	name: string;
	kind: LocationKind;
}

export interface DemoClinician {
	code: string;
	name: string;
	specialtyCode: string;
	maxMinutesPerDay: number | null;
}

export interface DemoPatient {
	nhsNumber: string;
	givenName: string;
	familyName: string;
	dateOfBirth: string;
	sex: Sex;
	addressLine1: string | null;
	addressLine2: string | null;
	town: string | null;
	postcode: string | null;
	phone: string | null;
	gpPracticeCode: string | null;
	gpPracticeName: string | null;
}

export interface DemoPathway {
	patient: number;
	specialtyCode: string;
	listType: ListType;
	clockStart: string;
	rttStatus: string;
	priority: Priority | null;
	decisionDate: string | null;
	procedure: string | null;
	procedureCode: string | null;
	slotType: string | null;
	expectedMinutes: number;
	clinician: number | null;
	/** Index into {@link DemoData.sites}: where the patient is listed. */
	site: number;
	lastValidatedOn: string | null;
	tciDate: string | null;
	clockStoppedOn: string | null;
	notes: string | null;
	createdAt: number;
	updatedAt: number;
}

export interface DemoUnavailability {
	pathway: number;
	fromDate: string;
	toDate: string;
	reason: string;
}

export interface DemoSession {
	kind: SessionKind;
	date: string;
	startTime: string;
	endTime: string;
	bookableMinutes: number;
	slotMinutes: number | null;
	slotTypes: string[];
	specialtyCode: string;
	clinician: number | null;
	site: number;
	location: number;
	status: 'open' | 'cancelled';
}

export interface DemoBooking {
	pathway: number;
	session: number;
	startTime: string | null;
	status: BookingStatus;
	/** Index into {@link DemoData.users}. */
	bookedBy: number;
	bookedAt: number;
	statusChangedAt: number | null;
	/** How it ended, once it has (domain/attendance.ts); null while live. */
	attendanceCode: AttendanceCode | null;
	cancellationReason: CancellationReason | null;
}

export interface DemoCaseNoteRequest {
	patient: number;
	booking: number | null;
	reason: 'clinic' | 'admission' | 'ward' | 'emergency' | 'correspondence';
	urgency: CaseNoteUrgency;
	status: CaseNoteStatus;
	neededBy: number;
	requestedAt: number;
	requestedBy: number | null;
	locatedAt: number | null;
	dispatchedAt: number | null;
	availableAt: number | null;
	returnedAt: number | null;
	filedAt: number | null;
	withdrawnAt: number | null;
	mergedAt: number | null;
	homeLocation: number;
	currentLocation: number | null;
	destinationLocation: number;
	volumeBarcode: string;
	missing: boolean;
	temporaryNotes: boolean;
}

export interface DemoCaseNoteMovement {
	request: number;
	at: number;
	by: number | null;
	status: CaseNoteStatus;
	location: number | null;
	note: string | null;
}

export interface SummaryEntry {
	code: string;
	term: string;
	date: string;
}

/** The structured summary a medical summariser writes (summarising_items.summary). */
export interface RecordSummary {
	problems: SummaryEntry[];
	procedures: SummaryEntry[];
	medications: SummaryEntry[];
	allergies: SummaryEntry[];
	keyLetters: SummaryEntry[];
}

export interface DemoSummarisingItem {
	patient: number;
	source: string;
	receivedAt: number;
	status: SummaryStatus;
	claimedBy: number | null;
	claimedAt: number | null;
	completedBy: number | null;
	completedAt: number | null;
	summary: RecordSummary | null;
}

/** The letter an item was raised for (documents), by index into the summarising items. */
export interface DemoDocument {
	item: number;
	title: string;
	author: string;
	writtenOn: string;
	/** Paragraphs separated by a blank line; list lines start with "- ". */
	body: string;
}

export interface DemoSetting {
	key: string;
	value: unknown;
}

export interface DemoData {
	options: DemoOptions;
	users: DemoAccount[];
	specialties: { code: string; name: string }[];
	sites: DemoSite[];
	locations: DemoLocation[];
	clinicians: DemoClinician[];
	patients: DemoPatient[];
	pathways: DemoPathway[];
	unavailability: DemoUnavailability[];
	sessions: DemoSession[];
	bookings: DemoBooking[];
	caseNoteRequests: DemoCaseNoteRequest[];
	caseNoteMovements: DemoCaseNoteMovement[];
	summarisingItems: DemoSummarisingItem[];
	documents: DemoDocument[];
	settings: DemoSetting[];
}
