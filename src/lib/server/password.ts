import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

function scrypt(
	password: string,
	salt: Buffer,
	keylen: number,
	options: ScryptOptions
): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)))
	);
}

// scrypt is memory-hard: N=2^17, r=8, p=1 is OWASP's current minimum and needs 128 MiB per hash
// (sign-in took ~280 ms here against ~70 ms at the 2^15 used before). Parameters are stored with
// each hash, so raising them invalidates nothing: older hashes still verify and are replaced at
// the next successful sign-in (needsRehash).
const N = 2 ** 17;
const R = 8;
const P = 1;
const KEYLEN = 32;
// scrypt needs 128·N·r bytes; Node refuses anything over maxmem (32 MiB by default).
const maxmem = (n: number, r: number) => 256 * n * r;

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: maxmem(N, R) });
	return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
	const [n, r, p] = parts.slice(1, 4).map(Number);
	const salt = Buffer.from(parts[4], 'base64url');
	const expected = Buffer.from(parts[5], 'base64url');
	const key = await scrypt(password, salt, expected.length, { N: n, r, p, maxmem: maxmem(n, r) });
	return timingSafeEqual(key, expected);
}

/** Whether a stored hash was made with weaker parameters than new hashes get. */
export function needsRehash(stored: string): boolean {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return true;
	const [n, r, p] = parts.slice(1, 4).map(Number);
	return n < N || r < R || p < P;
}

/** A hash to verify against when the email is unknown, so timing does not reveal accounts. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
	decoy ??= hashPassword(randomBytes(16).toString('hex'));
	return decoy;
}

/**
 * The hash an account without a password yet is given (the staff import): a hash of a random
 * password nobody was told, so nothing signs in with it, and checking it takes as long as any.
 */
export function unusablePasswordHash(): Promise<string> {
	return decoyHash();
}
