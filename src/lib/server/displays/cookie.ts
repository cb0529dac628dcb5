import type { Cookies } from '@sveltejs/kit';

type CookieOptions = Parameters<Cookies['set']>[2];

/** One cookie per display, sent only to that display's page. */
export const displayCookie = (displayId: number) => `ww_display_${displayId}`;

/** Browsers cap cookie lifetimes at 400 days; each open renews it. */
const MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

export function displayCookieOptions(url: URL, displayId: number): CookieOptions {
	return {
		path: `/display/${displayId}`,
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: MAX_AGE_SECONDS
	};
}
