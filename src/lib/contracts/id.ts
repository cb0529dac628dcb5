/**
 * What an id is, for the browser's router and the server alike: every table's id is a
 * PostgreSQL `integer`, so 1 to 2^31 - 1, written as plain digits.
 */
export const ID_MAX = 2_147_483_647;

/** Digits without a leading zero, at most `ID_MAX`: for path segments and query values. */
export function isId(raw: string): boolean {
	return /^[1-9]\d{0,9}$/.test(raw) && Number(raw) <= ID_MAX;
}
