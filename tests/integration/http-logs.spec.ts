/**
 * A failed query's log line on a real database: the request id, the route and the error's class
 * and code, never the parameters (what staff typed, here a patient's name) or the query text.
 */
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import type { OpenDatabase } from '../../db';
import { handleError } from '../../src/hooks.server';
import { logFailure } from '../../src/lib/server/log';
import { targets } from './databases';

const NAME = 'Zebedee Quixotic-Patientname';

describe.each(targets)('logs of a failed query on $name', (target) => {
	let open: OpenDatabase;
	let failure: unknown;

	beforeAll(async () => {
		open = await target.open();
		failure = await open.db.execute(sql`select ${NAME}::integer as n`).catch((e: unknown) => e);
		expect(failure).toBeInstanceOf(Error);
		// the error itself carries the name: that is why it must not be logged as it is
		expect(format(failure)).toContain(NAME);
	});
	afterAll(async () => {
		await open?.close();
	});

	const captured = async (work: () => unknown) => {
		const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			await work();
			return spy.mock.calls.map((args) => format(...args)).join('\n');
		} finally {
			spy.mockRestore();
		}
	};

	it('handleError logs the request id, route, status and error code only', async () => {
		const event = {
			locals: { user: null, requestId: 'req-0123456789' },
			request: new Request(`http://localhost/ptl?q=${encodeURIComponent(NAME)}`),
			url: new URL(`http://localhost/ptl?q=${encodeURIComponent(NAME)}`),
			route: { id: '/(app)/ptl' }
		} as unknown as RequestEvent;
		let answer: unknown;
		const log = await captured(async () => {
			answer = await handleError({ error: failure, event, status: 500, message: 'Internal Error' });
		});
		expect(log).toContain('req-0123456789');
		expect(log).toContain('/(app)/ptl');
		expect(log).toMatch(/"code":"22P02"/);
		expect(log).not.toContain('Zebedee');
		expect(log).not.toContain('Patientname');
		expect(log).not.toMatch(/select|params/i);
		expect(answer).toMatchObject({ errorId: 'req-0123456789' });
	});

	it('every other failure logged by the server goes through the same redaction', async () => {
		const log = await captured(() =>
			logFailure('could not persist a board update', { boardId: 3 }, failure)
		);
		expect(log).toContain('"boardId":3');
		expect(log).not.toContain('Zebedee');
		expect(log).not.toMatch(/select|params/i);
	});
});
