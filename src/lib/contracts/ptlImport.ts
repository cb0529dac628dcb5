/**
 * The PTL import's answer, shared by the command line's `--json`, the page's form actions and the
 * upload endpoints (`POST /api/imports/ptl[/check]`), which answer with one JSON object per line
 * (NDJSON): progress as the file is read, then the report or the refusal.
 */
export interface PtlRejection {
	/** The row's line in the file; the header is line 1. */
	line: number;
	/** The row's pathway identifier, as the file gives it ('' when it has none). */
	pathway: string;
	reasons: string[];
}

/** What `--json` prints and the page shows. */
export interface PtlImportReport {
	rows: number;
	accepted: number;
	rejected: PtlRejection[];
	created: number;
	updated: number;
	unchanged: number;
	flaggedMissing: number;
}

/** Which pass over the file: every row checked, then the accepted ones written. */
export type PtlImportPhase = 'checking' | 'writing';

export type PtlImportLine =
	| { progress: { phase: PtlImportPhase; rows: number } }
	| { report: PtlImportReport; dryRun: boolean }
	/** A refusal; `unmapped` lists the headers nothing maps when required columns are missing. */
	| { message: string; unmapped?: string[] };

/** A saved source of extracts and its header mapping (source header → canonical column). */
export interface PtlImportSource {
	id: number;
	name: string;
	mapping: Record<string, string>;
}
