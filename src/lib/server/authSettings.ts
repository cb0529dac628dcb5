/**
 * Sign-in and session limits. They come from the environment (README, Configuration) rather than
 * the settings table: they are security policy, set with the deployment and reviewed with it, the
 * same on every instance, and not something to loosen from a web form with a stolen admin session.
 */
export interface AuthSettings {
	/** A session ends this long after sign-in, however active it is. */
	sessionMs: number;
	/** A session ends after this long without a request or a live-board edit. */
	idleMs: number;
	/** Failed attempts for one email within the window before it is answered 429. */
	accountLimit: number;
	/** Failed attempts from one address within the window before it is answered 429. */
	addressLimit: number;
	windowMs: number;
}

const MINUTE = 60_000;

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
	const raw = env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value <= 0) {
		throw new Error(`${name}: expected a positive number, got ${JSON.stringify(raw)}`);
	}
	return value;
}

export function authSettings(env: NodeJS.ProcessEnv = process.env): AuthSettings {
	return {
		sessionMs: positive(env, 'WAITWISE_SESSION_HOURS', 12) * 60 * MINUTE,
		idleMs: positive(env, 'WAITWISE_SESSION_IDLE_MINUTES', 30) * MINUTE,
		// The figure (10 in 15 minutes); an address gets more, since a ward or a proxy
		// puts many honest people behind one.
		accountLimit: 10,
		addressLimit: Math.floor(positive(env, 'WAITWISE_SIGNIN_ADDRESS_LIMIT', 50)),
		windowMs: 15 * MINUTE
	};
}
