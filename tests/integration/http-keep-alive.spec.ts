/**
 * A kept-alive connection must outlive the load balancer's idle time. Node closes an idle
 * keep-alive socket after 5 s by default, while HAProxy (deploy/haproxy.cfg, `timeout
 * http-keep-alive 10s`) or any client may send the next request on it a moment later: that request
 * meets a closed socket and fails with ECONNRESET (the fuzz e2e test saw exactly that). The server
 * must be the last to close an idle connection.
 */
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../server/services';

type Answer = { status: number; reusedSocket: boolean };

function get(port: number, agent: Agent): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = request({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
			res.resume();
			res.on('end', () => resolve({ status: res.statusCode ?? 0, reusedSocket: req.reusedSocket }));
		});
		req.on('error', reject);
		req.end();
	});
}

describe('the HTTP server', () => {
	let close = () => {};
	afterEach(() => close());

	it('keeps an idle connection open longer than the balancer keeps it (10 s)', async () => {
		const server = createHttpServer((_req, res) => res.end('ok'));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const agent = new Agent({ keepAlive: true, maxSockets: 1 });
		close = () => {
			agent.destroy();
			server.closeAllConnections();
			server.close();
		};
		const { port } = server.address() as AddressInfo;

		expect(await get(port, agent)).toEqual({ status: 200, reusedSocket: false });
		// Past Node's default 5 s: with it, the server has hung up by now and the agent must open a
		// new connection (or, in the race a balancer hits, sends into the closing one).
		await new Promise((resolve) => setTimeout(resolve, 6_000));
		expect(await get(port, agent)).toEqual({ status: 200, reusedSocket: true });
		expect(server.keepAliveTimeout).toBeGreaterThan(10_000);
		expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
	}, 15_000);
});
