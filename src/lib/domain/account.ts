/**
 * What makes an account's email and password acceptable, in one place: the command line's
 * user:create, the staff import and the set-password page all check the same rules.
 */

/** The shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 12;

/** Emails are compared and stored trimmed and lower-case. */
export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** Something@somewhere.tld, with no spaces: enough to catch a wrong column, not to prove delivery. */
export function isEmailAddress(email: string): boolean {
	return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
	return password.length < MIN_PASSWORD_LENGTH
		? `the password must be at least ${MIN_PASSWORD_LENGTH} characters`
		: null;
}
