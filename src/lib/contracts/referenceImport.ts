/**
 * The answer of a reference-data or staff import (sites, specialties, consultants, staff), shared
 * by the command line's `--json` and the page `/admin/import/<kind>`. The same counts as the PTL
 * import's report (src/lib/contracts/ptlImport.ts), each rejection naming the row's key.
 */
export interface TableRejection {
	/** The row's line in the file; the header is line 1. */
	line: number;
	/** The row's key (site code, treatment function code, consultant code, email); '' if none. */
	key: string;
	reasons: string[];
}

/** A set-password link for an account the import made, shown once to the admin to send. */
export interface SetPasswordLink {
	email: string;
	name: string;
	/** `/welcome/<token>`: the origin goes before it. */
	path: string;
	expiresAt: string;
}

export interface TableImportReport {
	rows: number;
	accepted: number;
	rejected: TableRejection[];
	created: number;
	updated: number;
	unchanged: number;
	/** Staff only: a link for each new account (none on a dry run, which makes no account). */
	setPasswordLinks?: SetPasswordLink[];
}
