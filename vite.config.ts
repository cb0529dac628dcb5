import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * `npm run dev` serves the same routes as production: the database opens (with the demo trust on
 * first run), /healthz answers, and socket.io and /yjs/ attach to Vite's own HTTP server through
 * the same function the production server calls.
 */
function waitwiseServer(): Plugin {
	return {
		name: 'waitwise-server',
		apply: 'serve',
		async configureServer(server) {
			const httpServer = server.httpServer;
			if (!httpServer || process.env.VITEST) return;
			// Loaded through Vite's SSR module graph, the same one SvelteKit's dev modules live in.
			const services = (await server.ssrLoadModule(
				'/server/services.ts'
			)) as typeof import('./server/services');
			const { attachRealtime } = (await server.ssrLoadModule(
				'/server/realtime.ts'
			)) as typeof import('./server/realtime');
			const { startOptimiserService } = (await server.ssrLoadModule(
				'/server/optimiser.ts'
			)) as typeof import('./server/optimiser');
			const { startServices, healthz, isHealthz } = services;
			const { open } = await startServices();
			server.middlewares.use((req, res, next) => {
				if (isHealthz(req)) void healthz(open, res);
				else next();
			});
			attachRealtime(httpServer as import('node:http').Server);
			startOptimiserService();
			const { startSnapshotService } = (await server.ssrLoadModule(
				'/src/lib/server/dashboards/snapshots.ts'
			)) as typeof import('./src/lib/server/dashboards/snapshots');
			startSnapshotService(open.db);
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), waitwiseServer()],
	server: { port: Number(process.env.PORT ?? 5173) },
	test: {
		include: [
			'src/**/*.spec.ts',
			'db/**/*.spec.ts',
			'tests/integration/**/*.spec.ts',
			'tests/chaos/**/*.spec.ts'
		],
		environment: 'node',
		testTimeout: 60_000,
		hookTimeout: 120_000
	}
});
