/**
 * The text an uncompressed PDF (pdfkit with `compress: false`) shows, one line per text-showing
 * operator: pdfkit writes the built-in fonts' text as hex strings in TJ arrays, with kerning
 * numbers between them, so the strings are decoded and joined and the numbers dropped.
 */
export function pdfText(pdf: Buffer): string {
	const source = pdf.toString('latin1');
	const lines: string[] = [];
	for (const [, array] of source.matchAll(/\[((?:<[0-9a-f]*>|\s|-?\d+(?:\.\d+)?)*)\] TJ/g)) {
		const hex = [...array.matchAll(/<([0-9a-f]*)>/g)].map((m) => m[1]).join('');
		lines.push(Buffer.from(hex, 'hex').toString('latin1'));
	}
	return lines.join('\n');
}
