/** Runs one of scripts/ the way `npm run` does (tsx), for tests of the command-line tools. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** `env` replaces the environment the script sees (default: this process's). */
export function runScript(
	script: string,
	args: string[],
	env: NodeJS.ProcessEnv = process.env
): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((done) => {
		execFile(
			process.execPath,
			['--import', 'tsx', join(root, 'scripts', script), ...args],
			{ cwd: root, env, maxBuffer: 64 * 1024 * 1024 },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				done({ code, stdout, stderr });
			}
		);
	});
}
