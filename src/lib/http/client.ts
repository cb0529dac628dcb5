/**
 * How the browser calls the app's JSON API: every call answers either the server's JSON or the
 * server's reason in words, ready to show. Every error answer is `{ message }` (with an `errorId`
 * for the unexpected, which the person can quote); an answer that is not JSON (a proxy's HTML
 * page) or no answer at all still gives a sentence, never a parser's error.
 */
export type Answer<T> =
	| { ok: true; data: T }
	/** `reached`: false when no answer came at all (the network, the server down). */
	| { ok: false; error: string; reached: boolean };

/** GET `path`, or POST `body` as JSON to it (`{}` for a POST with nothing to send). */
export async function callJson<T>(path: string, body?: unknown): Promise<Answer<T>> {
	let res: Response;
	try {
		res = await fetch(
			path,
			body === undefined
				? undefined
				: {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(body)
					}
		);
	} catch {
		return {
			ok: false,
			error: 'Could not reach the server. Check the connection and try again.',
			reached: false
		};
	}
	const json = (await res.json().catch(() => null)) as {
		message?: unknown;
		errorId?: unknown;
	} | null;
	if (res.ok) return { ok: true, data: json as T };
	const reason = json?.message;
	const text = typeof reason === 'string' ? reason : `The server answered ${res.status}`;
	return {
		ok: false,
		error: json?.errorId ? `${text} (reference ${String(json.errorId)})` : text,
		reached: true
	};
}
