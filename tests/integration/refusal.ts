import { WorkflowError } from '../../src/lib/server/records/errors';

/** What a call that should be refused with a WorkflowError was refused with. */
export async function refusal(p: Promise<unknown>): Promise<{ status: number; message: string }> {
	try {
		await p;
	} catch (e) {
		if (e instanceof WorkflowError) return { status: e.status, message: e.message };
		throw e;
	}
	throw new Error('expected a refusal, but it succeeded');
}
