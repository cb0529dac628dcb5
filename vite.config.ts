import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * `npm run dev` serves the same routes as production: the database opens (with the demo trust on
 * first run), /healthz answers, and socket.io, /yjs/ and the other services attach to Vite's own
 * HTTP server through the function the production server calls (server/start.ts).
 */
function waitwiseServer(): Plugin {
	return {
		name: 'waitwise-server',
		apply: 'serve',
		async configureServer(server) {
			const httpServer = server.httpServer;
			if (!httpServer || process.env.VITEST) return;
			// Loaded through Vite's SSR module graph, the same one SvelteKit's dev modules live in.
			const { startWaitwise } = (await server.ssrLoadModule(
				'/server/start.ts'
			)) as typeof import('./server/start');
			const waitwise = await startWaitwise(httpServer as import('node:http').Server);
			server.middlewares.use((req, res, next) => {
				if (!waitwise.handleHealthz(req, res)) next();
			});
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
