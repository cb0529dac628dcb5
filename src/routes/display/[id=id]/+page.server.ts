import { error, redirect } from '@sveltejs/kit';
import { displayCookie, displayCookieOptions } from '$lib/server/displays/cookie';
import { verifyDisplayToken } from '$lib/server/displays/access';
import { db } from '$lib/server/db';
import { idParam } from '$lib/server/input';
import { pageLoad } from '$lib/server/http/answer';
import { trustTimeZone } from '$lib/server/trustCalendar';
import type { PageServerLoad } from './$types';

/**
 * Opens an office display with its token: from the link an admin made (`?token=`) the first time,
 * which is moved into a cookie for this display's path only so the token does not stay in the
 * address bar, and from that cookie afterwards. No session is involved, so nothing times out.
 */
export const load = pageLoad(async ({ params, url, cookies, setHeaders }) => {
	const id = idParam(params.id, 'display');
	const fromLink = url.searchParams.get('token');
	const token = fromLink ?? cookies.get(displayCookie(id));
	// The token must not leave in a Referer header (to fonts, links or anything else).
	setHeaders({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
	if (!token) error(401, 'This display opens only from the link an administrator made for it.');

	const handle = await db();
	const verdict = await verifyDisplayToken(handle, id, token);
	if (!verdict.ok) {
		cookies.delete(displayCookie(id), { path: `/display/${id}` });
		error(verdict.status, verdict.message);
	}
	// Renewed on every open: a display that stays on never has to be set up again.
	cookies.set(displayCookie(id), token, displayCookieOptions(url, id));
	if (fromLink) redirect(303, `/display/${id}`);

	const d = verdict.display;
	return {
		display: { id: d.id, name: d.name, rotateSeconds: d.rotateSeconds },
		// The socket handshake authenticates with it; it is this display's own token, already held.
		token,
		// the clock on screen is the trust's, as every "today" is
		timeZone: await trustTimeZone(handle)
	};
}) satisfies PageServerLoad;
