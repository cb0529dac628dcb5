/**
 * Formatting for the office display, kept out of components so dates are built in plain code.
 * The display's clock is on the trust's clocks (the zone its page loads from the server),
 * whatever the display machine is set to.
 */
import { DEFAULT_TIME_ZONE } from '../domain/workingTime';
import type { DisplayUnit } from '../contracts/realtime/display';

const clocks = new Map<string, Intl.DateTimeFormat>();
const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-GB', {
	minimumFractionDigits: 1,
	maximumFractionDigits: 1
});

/** "14:05" on the trust's clocks (`timeZone`) for a time in milliseconds or an ISO timestamp. */
export function clockTime(at: number | string, timeZone: string): string {
	let clock = clocks.get(timeZone);
	if (!clock) {
		clock = new Intl.DateTimeFormat('en-GB', {
			timeZone,
			hour: '2-digit',
			minute: '2-digit',
			hour12: false
		});
		clocks.set(timeZone, clock);
	}
	return clock.format(typeof at === 'number' ? at : Date.parse(at));
}

/** "1,234" or "91.3%"; a missing figure is an em dash. */
export function figureText(value: number | null, unit: DisplayUnit): string {
	if (value === null) return '—';
	return unit === 'pct' ? `${oneDecimal.format(value)}%` : whole.format(value);
}

// The admin pages that use it do not load the trust's zone yet: they show the default's.
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: DEFAULT_TIME_ZONE,
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	hour12: false
});

/** "24 Nov 2026, 14:05" on the default trust clocks (Europe/London). */
export function dateTime(at: Date): string {
	return dateTimeFormat.format(at);
}
