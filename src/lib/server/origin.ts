/**
 * Which origins may talk to this server with a user's cookie: the app's own public address
 * (`ORIGIN`), any listed in `WAITWISE_ALLOWED_ORIGINS` (comma-separated, e.g. a second hostname
 * for the same deployment), and, when `ORIGIN` is not configured (dev, tests), the address the
 * request itself was sent to. One rule for HTTP state-changing requests, socket.io handshakes and
 * /yjs upgrades, so they cannot drift apart.
 */

/** The origins configured for this deployment (normalised: scheme, host and port only). */
export function configuredOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
	const listed = [env.ORIGIN, ...(env.WAITWISE_ALLOWED_ORIGINS ?? '').split(',')]
		.map((o) => normaliseOrigin(o?.trim()))
		.filter((o): o is string => o !== null);
	return [...new Set(listed)];
}

/** `scheme://host[:port]` for a well-formed http(s) origin, else null. */
export function normaliseOrigin(origin: string | null | undefined): string | null {
	if (!origin) return null;
	try {
		const url = new URL(origin);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
		return url.origin;
	} catch {
		return null;
	}
}

/**
 * Whether a request that carries `origin` (the Origin header) may act with the user's cookie.
 * `host` is the request's Host header, used only when no origin is configured. A missing Origin
 * is for the caller to judge: browsers always send one on websocket upgrades and cross-site
 * POSTs, so its absence means a non-browser client, which a cookie-stealing page cannot be.
 */
export function isAllowedOrigin(
	origin: string | null | undefined,
	host: string | null | undefined,
	env: NodeJS.ProcessEnv = process.env
): boolean {
	const given = normaliseOrigin(origin);
	if (given === null) return false;
	const allowed = configuredOrigins(env);
	if (allowed.length > 0) return allowed.includes(given);
	if (!host) return false;
	return new URL(given).host === host.toLowerCase();
}
