/** A person's sessions as the sessions lists show them. */
export interface SessionSummary {
	id: string;
	createdAt: string;
	lastSeenAt: string;
	/** When it ends if used without a break: the sooner of the absolute end and the idle end. */
	endsAt: string;
	userAgent: string | null;
	address: string | null;
}
