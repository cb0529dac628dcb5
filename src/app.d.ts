import type { SessionUser } from '$lib/server/auth';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** Quoted by users when they report an unexpected error; it is in the server log. */
			errorId?: string;
		}
		interface Locals {
			user: SessionUser | null;
			/** Set first thing for every request (hooks' `requestId` step); logs and error bodies quote it. */
			requestId: string;
		}
	}
}

export {};
