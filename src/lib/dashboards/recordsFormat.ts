/** How the records dashboard writes its figures on screen (as breachRiskFormat.ts does for breach risk). */

/** "—" for no figure, else "94.8%". */
export function formatPct(value: number | null): string {
	return value === null ? '—' : `${value}%`;
}

/** "26 min", "2 h 21 min", "1 d 8 h": a duration in minutes as a person reads it. */
export function formatMinutes(minutes: number | null): string {
	if (minutes === null) return '—';
	const m = Math.round(minutes);
	if (m < 60) return `${m} min`;
	if (m < 24 * 60) return `${Math.floor(m / 60)} h ${m % 60} min`;
	return `${Math.floor(m / (24 * 60))} d ${Math.floor((m % (24 * 60)) / 60)} h`;
}

/** "14:03:27": when the figures were worked out, on the trust's clocks. */
export function formatUpdatedAt(iso: string, timeZone: string): string {
	return new Intl.DateTimeFormat('en-GB', { timeZone, timeStyle: 'medium' }).format(new Date(iso));
}

/** "7 Sep": a week's Monday in a table. */
export function formatWeek(iso: string): string {
	return new Intl.DateTimeFormat('en-GB', {
		timeZone: 'UTC',
		day: 'numeric',
		month: 'short'
	}).format(new Date(`${iso}T00:00:00Z`));
}
