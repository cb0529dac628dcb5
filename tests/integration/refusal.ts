import { AppError } from '../../src/lib/server/errors';

/** What a call that should be refused with an AppError was refused with. */
export async function refusal(p: Promise<unknown>): Promise<{ status: number; message: string }> {
	try {
		await p;
	} catch (e) {
		if (e instanceof AppError) return { status: e.status, message: e.message };
		throw e;
	}
	throw new Error('expected a refusal, but it succeeded');
}
