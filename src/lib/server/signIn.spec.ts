import { describe, expect, it } from 'vitest';
import { safeNext } from './signIn';

describe('safeNext', () => {
	it('keeps same-origin paths with their query and fragment', () => {
		for (const ok of [
			'/',
			'/ptl',
			'/ptl?priority=P2&q=a%20b',
			'/boards/3#week-2',
			'/records?date=2026-01-05'
		]) {
			expect(safeNext(ok)).toBe(ok);
		}
	});

	// Each of these is read by some browser as another site, or is not a path at all.
	const bypasses = [
		null,
		'',
		'ptl',
		'//evil.example',
		'///evil.example',
		'/\\evil.example',
		'\\\\evil.example',
		'/\\/evil.example',
		'/ptl\\..\\..\\evil',
		'/%5Cevil.example',
		'/%5cevil.example',
		'/%2F%2Fevil.example',
		'/%2f/evil.example',
		'/%2F\\evil.example',
		'/\t/evil.example',
		'/%09/evil.example',
		'/\n/evil.example',
		'/%0A/evil.example',
		'/%0D%0A/evil.example',
		'/\r\n/evil.example',
		' //evil.example',
		' /ptl',
		'\t/ptl',
		'/ /evil.example',
		'/%20/evil.example',
		'/\u0000/evil.example',
		'/%00/evil.example',
		'/%E0%A4%A', // malformed escape
		'/%2e%2e//evil.example',
		'/.//evil.example',
		'https://evil.example',
		'http://localhost:3000/ptl',
		'javascript:alert(1)',
		'/javascript:alert(1)//%0A',
		'data:text/html,hi',
		'/\u3000/evil.example',
		'/\u00a0/evil.example'
	];
	it.each(bypasses.map((b) => [JSON.stringify(b), b]))('refuses %s', (_, next) => {
		expect(safeNext(next)).toBe('/');
	});
});
