/**
 * Okabe & Ito's colour-blind-safe palette (distinguishable with protanopia, deuteranopia and
 * tritanopia), used by every chart so a colour always means the same thing.
 */
export const PALETTE = {
	blue: '#0072B2',
	orange: '#E69F00',
	skyBlue: '#56B4E9',
	green: '#009E73',
	yellow: '#F0E442',
	vermillion: '#D55E00',
	purple: '#CC79A7',
	black: '#000000'
} as const;

/** Series colours in order, for categorical scales. */
export const SERIES = [
	PALETTE.blue,
	PALETTE.orange,
	PALETTE.green,
	PALETTE.vermillion,
	PALETTE.purple,
	PALETTE.skyBlue,
	PALETTE.yellow,
	PALETTE.black
];

/** Good, warning and breach; paired with text and position, never colour alone. */
export const STATUS = {
	good: PALETTE.green,
	warn: PALETTE.orange,
	bad: PALETTE.vermillion
} as const;
