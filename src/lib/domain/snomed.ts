/**
 * SNOMED CT identifiers, as summarisers code problems, procedures, medications, allergies and
 * letters. An SCTID is 6 to 18 digits with no leading zero; its last digit is a Verhoeff check
 * digit over the rest (SNOMED CT Technical Implementation Guide, "Check-digit").
 */

const D = [
	[0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
	[1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
	[2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
	[3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
	[4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
	[5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
	[6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
	[7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
	[8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
	[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
];
const P = [
	[0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
	[1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
	[5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
	[8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
	[9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
	[4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
	[2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
	[7, 0, 4, 6, 9, 1, 3, 2, 5, 8]
];

/** True when every digit, check digit included, passes the Verhoeff check. */
export function verhoeffValid(digits: string): boolean {
	let c = 0;
	const n = digits.length;
	for (let i = 0; i < n; i++) c = D[c][P[i % 8][Number(digits[n - 1 - i])]];
	return c === 0;
}

export function isSctid(value: string): boolean {
	return /^[1-9]\d{5,17}$/.test(value) && verhoeffValid(value);
}
