/** Pull-list days for the end-to-end tests, on the trust's calendar. */

/** Today's date in London, as the trust's clocks show it. */
export const londonToday = () =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/**
 * The pull list a clinic's notes go on, worked out here rather than asked of the app: two
 * working days (Monday to Friday; the demo trust lists no bank holidays) before the clinic, or
 * today for a clinic inside that lead time.
 */
export function expectedPullDate(clinicDate: string): string {
	const d = new Date(`${clinicDate}T12:00:00Z`);
	for (let left = 2; left > 0;) {
		d.setUTCDate(d.getUTCDate() - 1);
		if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
	}
	const due = d.toISOString().slice(0, 10);
	const today = londonToday();
	return due < today ? today : due;
}
