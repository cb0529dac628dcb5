/**
 * What an id is, for the browser's router and the server alike: every table's id is a
 * PostgreSQL `integer`, so 1 to 2^31 - 1, written as plain digits.
 */
export const ID_MAX = 2_147_483_647;

/** Digits without a leading zero, at most `ID_MAX`: for path segments and query values. */
export function isId(raw: string): boolean {
	return /^[1-9]\d{0,9}$/.test(raw) && Number(raw) <= ID_MAX;
}

/**
 * The one id rule for any value: a number that is a whole id, or text `isId` accepts. Null for
 * anything else ("1e3", "01", "1.0", " 1", 0, -1, 1.5, too large).
 */
export function idFrom(raw: unknown): number | null {
	if (typeof raw === 'number')
		return Number.isInteger(raw) && raw >= 1 && raw <= ID_MAX ? raw : null;
	return typeof raw === 'string' && isId(raw) ? Number(raw) : null;
}
