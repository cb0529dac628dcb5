/** The summarising queue as the summariser's page shows it. */
import type { RecordSummary } from './summary';

export interface QueueItem {
	id: number;
	source: string;
	/** The title of the letter it was raised for; null when it came with none. */
	documentTitle: string | null;
	receivedAt: string;
	ageDays: number;
	patient: string;
	nhsMasked: string;
	status: 'awaiting' | 'claimed' | 'completed';
	holder: { id: number; name: string } | null;
	claimedAt: string | null;
}

/**
 * The letter an item was raised for, as the summariser reads it beside the editor. `body` is
 * plain text: paragraphs separated by a blank line, list lines starting with "- ".
 */
export interface SourceDocument {
	title: string;
	author: string;
	/** ISO date the letter was written. */
	writtenOn: string;
	body: string;
}

export interface ClaimedItem extends QueueItem {
	nhsNumber: string;
	dateOfBirth: string;
	sex: string;
	draft: RecordSummary | null;
	/** Null when the item came with no letter (paper records from elsewhere). */
	document: SourceDocument | null;
}

/** Everything not yet summarised, counted as every page counts it (server/records/summarisingBacklog). */
export interface SummarisingBacklog {
	/** In the queue, held by nobody. */
	awaiting: number;
	/** Being summarised by whoever holds them. */
	claimed: number;
	/** Awaiting + claimed. */
	total: number;
	/** When the oldest item in the backlog (awaiting or claimed) arrived. */
	oldestReceivedAt: string | null;
	/** Whole days since then; null when the backlog is empty. */
	oldestAgeDays: number | null;
}

export interface SummarisingQueue {
	/** This page of the awaiting items, oldest first. */
	awaiting: QueueItem[];
	/** All the awaiting items, not just this page (the same as `backlog.awaiting`). */
	awaitingTotal: number;
	backlog: SummarisingBacklog;
	page: number;
	pageSize: number;
	/** Items others hold (so no one starts them too). */
	claimed: QueueItem[];
	/** The viewer's own claims, with what they need to summarise them. */
	mine: ClaimedItem[];
}
