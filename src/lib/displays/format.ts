/**
 * Formatting for the office display, kept out of components so dates are built in plain code.
 * Times are on the trust's clocks (Europe/London), whatever the display machine is set to.
 */
import type { DisplayUnit } from '../contracts/realtime/display';

const clock = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	hour: '2-digit',
	minute: '2-digit',
	hour12: false
});
const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-GB', {
	minimumFractionDigits: 1,
	maximumFractionDigits: 1
});

/** "14:05" for a time in milliseconds or an ISO timestamp. */
export function clockTime(at: number | string): string {
	return clock.format(typeof at === 'number' ? at : Date.parse(at));
}

/** "1,234" or "91.3%"; a missing figure is an em dash. */
export function figureText(value: number | null, unit: DisplayUnit): string {
	if (value === null) return '—';
	return unit === 'pct' ? `${oneDecimal.format(value)}%` : whole.format(value);
}

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	hour12: false
});

/** "24 Nov 2026, 14:05" on the trust's clocks. */
export function dateTime(at: Date): string {
	return dateTimeFormat.format(at);
}
