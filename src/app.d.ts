import type { AccessEntry } from '$lib/access';
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
			/** The access-table entry hooks.server.ts let this request through on. */
			access?: { route: string; entry: AccessEntry };
			/** The signed-in session's id (the stored hash), to mark "this session" in lists. */
			sessionId: string | null;
			/** Set first thing for every request (hooks' `requestId` step); logs and error bodies quote it. */
			requestId: string;
		}
	}
}

export {};
