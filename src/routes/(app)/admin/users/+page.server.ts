import { database } from '$db';
import { ROLES } from '$db/schema';
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
import { formObject, WorkflowError } from '$lib/server/records/errors';
import { formAction } from '$lib/server/records/http';
import { ROLE_LABELS } from '$lib/server/roles';
import type { Actions, PageServerLoad } from './$types';

const userId = (raw: unknown) => {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0 || id > 2 ** 31 - 1)
		throw new WorkflowError(`userId: not a user id: ${String(raw ?? '')}`, 400);
	return id;
};

export const load = (async ({ locals, url }) => {
	const admin = requirePageAccess(locals);
	const { db } = await database();
	const accounts = await listAccounts(db);
	const chosen = accounts.find((a) => String(a.id) === url.searchParams.get('user')) ?? null;
	return {
		accounts,
		chosen: chosen && { ...chosen, sessions: await sessionsOf(db, chosen.id) },
		adminId: admin.id,
		roles: ROLES.map((id) => ({ id, label: ROLE_LABELS[id] }))
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
		return formAction(async () => ({ ok: await work(admin, userId(form.userId), form) }));
	};
}

export const actions = {
	disable: act(async (admin, id) => {
		await setAccountActive((await database()).db, admin, id, false);
		return 'The account is disabled and signed out everywhere';
	}),
	enable: act(async (admin, id) => {
		await setAccountActive((await database()).db, admin, id, true);
		return 'The account is enabled';
	}),
	role: act(async (admin, id, form) => {
		await setAccountRole((await database()).db, admin, id, String(form.role ?? ''));
		return `The role is now ${ROLE_LABELS[form.role as keyof typeof ROLE_LABELS]}; open connections were closed`;
	}),
	unlock: act(async (admin, id) => {
		const n = await unlockAccount((await database()).db, admin, id);
		return `Sign-in unlocked (${n} failed ${n === 1 ? 'attempt' : 'attempts'} forgotten)`;
	}),
	endSessions: act(async (admin, id) => {
		const n = await endSessionsOf((await database()).db, admin, id);
		return `${n} ${n === 1 ? 'session' : 'sessions'} signed out`;
	}),
	endSession: act(async (admin, id, form) => {
		await endSessionOf((await database()).db, admin, id, String(form.sessionId ?? ''));
		return 'The session is signed out';
	})
} satisfies Actions;
