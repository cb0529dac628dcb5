/** The summarising queue as the summariser's page shows it. */
import type { RecordSummary } from './summary';

export interface QueueItem {
	id: number;
	source: string;
	receivedAt: string;
	ageDays: number;
	patient: string;
	nhsMasked: string;
	status: 'awaiting' | 'claimed' | 'completed';
	holder: { id: number; name: string } | null;
	claimedAt: string | null;
}

export interface ClaimedItem extends QueueItem {
	nhsNumber: string;
	dateOfBirth: string;
	sex: string;
	draft: RecordSummary | null;
}

export interface SummarisingQueue {
	awaiting: QueueItem[];
	awaitingTotal: number;
	oldestReceivedAt: string | null;
	page: number;
	pageSize: number;
	/** Items others hold (so no one starts them too). */
	claimed: QueueItem[];
	/** The viewer's own claims, with what they need to summarise them. */
	mine: ClaimedItem[];
}
