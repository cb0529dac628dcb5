import { describe, expect, it } from 'vitest';
import { letterBlocks } from './letter';

describe('letterBlocks', () => {
	it('reads paragraphs, headed lists and line breaks as the letter wrote them', () => {
		const body =
			'Dear Dr Hall,\n\nRe: Maria Parker\n\nDiagnoses:\n- Gout (since 1989)\n- Asthma\n\n' +
			'Yours sincerely,\n\nMr Iqbal\nConsultant, ENT';
		expect(letterBlocks(body)).toEqual([
			{ kind: 'paragraph', lines: ['Dear Dr Hall,'] },
			{ kind: 'paragraph', lines: ['Re: Maria Parker'] },
			{ kind: 'list', heading: 'Diagnoses:', items: ['Gout (since 1989)', 'Asthma'] },
			{ kind: 'paragraph', lines: ['Yours sincerely,'] },
			{ kind: 'paragraph', lines: ['Mr Iqbal', 'Consultant, ENT'] }
		]);
	});

	it('takes a list with no heading, Windows line ends and extra blank lines', () => {
		expect(letterBlocks('- one\r\n- two\r\n\r\n\r\n\r\nEnd.\n')).toEqual([
			{ kind: 'list', heading: null, items: ['one', 'two'] },
			{ kind: 'paragraph', lines: ['End.'] }
		]);
		expect(letterBlocks('')).toEqual([]);
	});
});
