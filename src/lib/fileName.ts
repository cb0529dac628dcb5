/**
 * Names of files people download, so a folder of them reads as a list: the words that say what
 * the file holds and the date of its figures, lower case, letters and digits joined by "-" (safe
 * on every system): `long-waiters-by-specialty-2026-12-07.csv`.
 */
export function fileName(words: readonly (string | number)[], extension: string): string {
	const stem = words
		.join('-')
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	return `${stem}.${extension}`;
}
