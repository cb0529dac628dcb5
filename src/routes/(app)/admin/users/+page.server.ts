import {
	endSessionOf,
	endSessionsOf,
	listAccounts,
	sessionsOf,
	setAccountActive,
	setAccountRole,
	unlockAccount
} from '$lib/server/accounts';
import { requireAccess, requirePageAccess } from '$lib/server/guard';
import { db } from '$lib/server/db';
import { formAction } from '$lib/server/http/answer';
import { formObject, idField } from '$lib/server/input';
import { ROLE_CHOICES, ROLE_LABELS } from '$lib/server/roles';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const admin = requirePageAccess(locals);
	const handle = await db();
	const accounts = await listAccounts(handle);
	const chosen = accounts.find((a) => String(a.id) === url.searchParams.get('user')) ?? null;
	return {
		accounts,
		chosen: chosen && { ...chosen, sessions: await sessionsOf(handle, chosen.id) },
		adminId: admin.id,
		roles: ROLE_CHOICES
	};
}) satisfies PageServerLoad;

/** Each action: who it is for from the form, the change, and a sentence saying what happened. */
function act(
	work: (
		admin: App.Locals['user'] & object,
		id: number,
		form: Record<string, unknown>
	) => Promise<string>
) {
	return async ({ locals, request }: { locals: App.Locals; request: Request }) => {
		const admin = requireAccess(locals);
		const form = formObject(await request.formData());
		return formAction(async () => ({
			ok: await work(admin, idField(form.userId, 'userId'), form)
		}));
	};
}

export const actions = {
	disable: act(async (admin, id) => {
		await setAccountActive(await db(), admin, id, false);
		return 'The account is disabled and signed out everywhere';
	}),
	enable: act(async (admin, id) => {
		await setAccountActive(await db(), admin, id, true);
		return 'The account is enabled';
	}),
	role: act(async (admin, id, form) => {
		await setAccountRole(await db(), admin, id, String(form.role ?? ''));
		return `The role is now ${ROLE_LABELS[form.role as keyof typeof ROLE_LABELS]}; open connections were closed`;
	}),
	unlock: act(async (admin, id) => {
		const n = await unlockAccount(await db(), admin, id);
		return `Sign-in unlocked (${n} failed ${n === 1 ? 'attempt' : 'attempts'} forgotten)`;
	}),
	endSessions: act(async (admin, id) => {
		const n = await endSessionsOf(await db(), admin, id);
		return `${n} ${n === 1 ? 'session' : 'sessions'} signed out`;
	}),
	endSession: act(async (admin, id, form) => {
		await endSessionOf(await db(), admin, id, String(form.sessionId ?? ''));
		return 'The session is signed out';
	})
} satisfies Actions;
