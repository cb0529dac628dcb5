/**
 * The HTTP status of a raw websocket upgrade attempt, for the integration tests' live server and
 * the e2e tests' built one alike (the socket should never open when refused).
 */
import WebSocket from 'ws';

/** The status of an upgrade to `url` sending `headers`: 101 when the socket opened. */
export function upgradeStatusAt(url: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers });
		ws.on('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			ws.terminate();
		});
		ws.on('open', () => {
			resolve(101);
			ws.close();
		});
		ws.on('error', reject);
	});
}
