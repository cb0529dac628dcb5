import type { Cookies } from '@sveltejs/kit';

type CookieOptions = Parameters<Cookies['set']>[2];

/** The sign-in cookie: httpOnly, SameSite=Lax, Secure whenever the app is served over HTTPS. */
export function sessionCookieOptions(url: URL, expires: Date): CookieOptions {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires
	};
}
