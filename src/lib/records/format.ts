/** Dates and times as the trust's staff read them, on the trust's clocks whatever the browser's. */

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, kind: 'dateTime' | 'time' | 'date'): Intl.DateTimeFormat {
	const key = `${timeZone}|${kind}`;
	let f = cache.get(key);
	if (!f) {
		const options: Intl.DateTimeFormatOptions =
			kind === 'time'
				? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
				: kind === 'date'
					? { weekday: 'short', day: 'numeric', month: 'short' }
					: {
							weekday: 'short',
							day: 'numeric',
							month: 'short',
							hour: '2-digit',
							minute: '2-digit',
							hourCycle: 'h23'
						};
		f = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
		cache.set(key, f);
	}
	return f;
}

/** "Tue 24 Nov, 09:30". */
export const dateTime = (iso: string, timeZone: string) =>
	formatter(timeZone, 'dateTime').format(new Date(iso));
/** "09:30". */
export const time = (iso: string, timeZone: string) =>
	formatter(timeZone, 'time').format(new Date(iso));
/** "Tue 24 Nov" for an ISO calendar date. */
export const calendarDate = (date: string) =>
	formatter('UTC', 'date').format(new Date(`${date}T12:00:00Z`));
