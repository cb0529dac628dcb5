/**
 * A letter's text as blocks to show: paragraphs (separated by a blank line) and lists (a
 * paragraph whose lines after the first start with "- ", the first line being its heading).
 */
export type LetterBlock =
	| { kind: 'paragraph'; lines: string[] }
	| { kind: 'list'; heading: string | null; items: string[] };

export function letterBlocks(body: string): LetterBlock[] {
	return body
		.replaceAll('\r\n', '\n')
		.trim()
		.split(/\n\s*\n/)
		.map((p) => p.split('\n').map((l) => l.trim()))
		.filter((lines) => lines.some((l) => l !== ''))
		.map((lines): LetterBlock => {
			const rest = lines[0].startsWith('- ') ? lines : lines.slice(1);
			if (rest.length > 0 && rest.every((l) => l.startsWith('- ')))
				return {
					kind: 'list',
					heading: rest === lines ? null : lines[0],
					items: rest.map((l) => l.slice(2))
				};
			return { kind: 'paragraph', lines };
		});
}
