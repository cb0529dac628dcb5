/**
 * A load balancer for cluster tests, as HAProxy in TCP mode without stickiness: each new
 * connection goes to the next backend in turn, skipping one that refuses it (a killed instance).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface Balancer {
	readonly port: number;
	readonly wsUrl: string;
	close(): Promise<void>;
}

export async function startBalancer(backendPorts: number[]): Promise<Balancer> {
	let next = 0;
	const sockets = new Set<Socket>();
	const reach = (port: number) =>
		new Promise<Socket | null>((resolve) => {
			const upstream = connect({ host: '127.0.0.1', port });
			upstream.once('connect', () => resolve(upstream));
			upstream.once('error', () => resolve(null));
		});
	const server: Server = createServer((client) => {
		client.pause();
		sockets.add(client);
		client.on('error', () => client.destroy());
		client.once('close', () => sockets.delete(client));
		void (async () => {
			for (let tried = 0; tried < backendPorts.length; tried++) {
				const port = backendPorts[next++ % backendPorts.length];
				const upstream = await reach(port);
				if (!upstream) continue;
				sockets.add(upstream);
				const end = () => {
					upstream.destroy();
					client.destroy();
				};
				upstream.on('close', () => {
					sockets.delete(upstream);
					end();
				});
				upstream.on('error', end);
				client.on('close', end);
				upstream.pipe(client);
				client.pipe(upstream);
				client.resume();
				return;
			}
			client.destroy();
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		port,
		wsUrl: `ws://127.0.0.1:${port}/yjs`,
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			})
	};
}
