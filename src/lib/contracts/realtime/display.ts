/**
 * The office display's wire protocol (its own socket.io namespace), imported by both ends
 * (STYLE.md rule 9). A display authenticates with its id and token, never a session, and receives
 * only the aggregate figures below: every object is strict, so a field that was not whitelisted
 * on the server is refused before it is sent and again when it arrives.
 */
import { z } from 'zod';

/** A namespace of its own, so broadcasts to staff on the main namespace never reach a display. */
export const DISPLAY_NAMESPACE = '/display';
export const displayRoom = (displayId: number) => `display:${displayId}`;

/** The server pushes fresh figures at least this often, even when nothing has changed. */
export const DISPLAY_REFRESH_MS = 60_000;
/** Figures older than this are shown as stale (three refreshes missed). */
export const DISPLAY_STALE_AFTER_MS = 3 * DISPLAY_REFRESH_MS;

export const displayAuthSchema = z
	.object({
		displayId: z.number().int().positive(),
		token: z.string().min(20).max(200)
	})
	.strict();
export type DisplayAuth = z.infer<typeof displayAuthSchema>;

/** Why a display was turned away; the socket.io connect_error carries the code as its message. */
export const DISPLAY_REFUSALS = {
	unknown: 'There is no such display.',
	invalid: 'This display link is not valid. Ask an administrator for a new one.',
	revoked: 'This display has been revoked. Ask an administrator for a new link.'
} as const;
export type DisplayRefusal = keyof typeof DISPLAY_REFUSALS;

export function isDisplayRefusal(code: string): code is DisplayRefusal {
	return Object.hasOwn(DISPLAY_REFUSALS, code);
}

/** Short text from the server's own vocabulary (panel titles, specialty names, labels). */
const text = (max: number) => z.string().max(max);
const tone = z.enum(['good', 'warn', 'bad', 'neutral']);
export type DisplayTone = z.infer<typeof tone>;
const unit = z.enum(['count', 'pct']);
export type DisplayUnit = z.infer<typeof unit>;

/** One big number on a panel. */
export const displayFigureSchema = z
	.object({
		label: text(60),
		value: z.number().finite().nullable(),
		unit,
		tone,
		/** Says in words what the tone says in colour ("below the 92% standard"). */
		note: text(80).nullable()
	})
	.strict();
export type DisplayFigure = z.infer<typeof displayFigureSchema>;

/** One bar of a simple horizontal bar chart. */
export const displayBarSchema = z
	.object({ label: text(60), value: z.number().finite().min(0), tone })
	.strict();
export type DisplayBar = z.infer<typeof displayBarSchema>;

export const displayPanelDataSchema = z
	.object({
		panel: text(40),
		title: text(80),
		subtitle: text(240).nullable(),
		figures: z.array(displayFigureSchema).max(8),
		/** What the bars count, when the title does not say. */
		barsCaption: text(80).nullable(),
		bars: z.array(displayBarSchema).max(8),
		barUnit: unit
	})
	.strict();
export type DisplayPanelData = z.infer<typeof displayPanelDataSchema>;

export const displayDataSchema = z
	.object({
		/** When the server worked the figures out (ISO timestamp). */
		generatedAt: z.iso.datetime(),
		census: z.iso.date(),
		/** "Whole trust" or the one specialty the display is limited to. */
		scope: text(80),
		panels: z.array(displayPanelDataSchema).max(10)
	})
	.strict();
export type DisplayData = z.infer<typeof displayDataSchema>;

export interface DisplayServerToClientEvents {
	/** Fresh figures: on connect, after every change, and at least every DISPLAY_REFRESH_MS. */
	'display:data': (data: DisplayData) => void;
	/** The display was revoked; its sockets are disconnected straight after. */
	'display:revoked': (p: { message: string }) => void;
}

/** A display only listens. */
export type DisplayClientToServerEvents = Record<string, never>;
