import { describe, expect, it } from 'vitest';
import { configuredOrigins, isAllowedOrigin } from './origin';

describe('isAllowedOrigin', () => {
	const env = { ORIGIN: 'https://waitwise.trust.nhs.uk' } as NodeJS.ProcessEnv;

	it('accepts the configured origin only', () => {
		expect(isAllowedOrigin('https://waitwise.trust.nhs.uk', 'anything', env)).toBe(true);
		expect(isAllowedOrigin('http://waitwise.trust.nhs.uk', 'waitwise.trust.nhs.uk', env)).toBe(
			false
		);
		expect(isAllowedOrigin('http://evil.example', 'waitwise.trust.nhs.uk', env)).toBe(false);
		expect(isAllowedOrigin('https://waitwise.trust.nhs.uk.evil.example', undefined, env)).toBe(
			false
		);
	});

	it('accepts the allow-list too', () => {
		const listed = {
			...env,
			WAITWISE_ALLOWED_ORIGINS: ' https://pas.trust.nhs.uk , '
		} as NodeJS.ProcessEnv;
		expect(configuredOrigins(listed)).toEqual([
			'https://waitwise.trust.nhs.uk',
			'https://pas.trust.nhs.uk'
		]);
		expect(isAllowedOrigin('https://pas.trust.nhs.uk', undefined, listed)).toBe(true);
	});

	it('without configuration, accepts only the address the request was sent to', () => {
		expect(isAllowedOrigin('http://127.0.0.1:4000', '127.0.0.1:4000', {})).toBe(true);
		expect(isAllowedOrigin('http://evil.example', '127.0.0.1:4000', {})).toBe(false);
		expect(isAllowedOrigin('http://127.0.0.1:4000', undefined, {})).toBe(false);
	});

	it('refuses missing, null and malformed origins', () => {
		for (const bad of [
			undefined,
			null,
			'',
			'null',
			'file://x',
			'javascript:alert(1)',
			'not a url'
		]) {
			expect(isAllowedOrigin(bad, 'localhost', env)).toBe(false);
		}
	});
});
