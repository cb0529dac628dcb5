/**
 * The thin layer routes use around the records workflow: ids from the URL, expected refusals
 * turned into 400/404/409 answers (a form's `fail`, or JSON with an `error`), anything else left
 * to reach handleError.
 */
import { error, fail, json } from '@sveltejs/kit';
import { isId } from '../../contracts/id';
import { WorkflowError } from './errors';

/** A path id as a number. Routes match it with `[id=id]`, so anything else is already a 404. */
export function idParam(raw: string, what: string): number {
	if (!isId(raw)) error(404, `No ${what} ${raw.slice(0, 20)}`);
	return Number(raw);
}

/** Runs a form action's work; a refusal becomes `fail(status, { error })` for the page to show. */
export async function formAction<T extends Record<string, unknown>>(work: () => Promise<T>) {
	try {
		return await work();
	} catch (e) {
		if (e instanceof WorkflowError) return fail(e.status, { error: e.message });
		throw e;
	}
}

/** Runs an endpoint's work; a refusal becomes `{ error }` JSON with its status. */
export async function jsonAction(work: () => Promise<unknown>, status = 200): Promise<Response> {
	try {
		return json((await work()) ?? { ok: true }, { status });
	} catch (e) {
		if (e instanceof WorkflowError) return json({ error: e.message }, { status: e.status });
		throw e;
	}
}
