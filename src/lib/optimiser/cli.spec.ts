import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript as run } from '../../../tests/runScript';
import { parseSolution } from '../domain/planning/solution';
import { generateProblem } from './generate';

describe('optimise and plan:check commands', () => {
	const dir = mkdtempSync(join(tmpdir(), 'waitwise-cli-'));
	const problemFile = join(dir, 'problem.json');
	writeFileSync(
		problemFile,
		JSON.stringify(generateProblem({ patients: 120, kind: 'mixed', seed: 8 }).problem)
	);
	const malformed = JSON.parse(readFileSync(problemFile, 'utf8')) as {
		patients: Record<string, unknown>[];
	};
	malformed.patients[2].durationMinutes = 12.5;
	const malformedFile = join(dir, 'malformed.json');
	writeFileSync(malformedFile, JSON.stringify(malformed));

	it('plans, checks, and uses the exit codes of the spec', async () => {
		const [solved, bad] = await Promise.all([
			run('optimise.ts', ['--problem', problemFile, '--time-limit', '1.5', '--seed', '2']),
			run('optimise.ts', ['--problem', malformedFile])
		]);
		expect(solved.code).toBe(0);
		const solution = parseSolution(JSON.parse(solved.stdout));
		expect(solved.stderr).toMatch(/optimise: /);
		expect(bad.code).toBe(2);
		expect(bad.stdout).toBe('');
		expect(bad.stderr).toMatch(/patients\[2\]\.durationMinutes: must be an integer > 0/);

		const solutionFile = join(dir, 'solution.json');
		writeFileSync(solutionFile, solved.stdout);
		const wrongFile = join(dir, 'wrong.json');
		writeFileSync(wrongFile, JSON.stringify({ ...solution, objective: solution.objective + 1 }));
		const garbledFile = join(dir, 'garbled.json');
		writeFileSync(garbledFile, JSON.stringify({ ...solution, extra: 1 }));
		const [ok, wrong, garbled, noProblem] = await Promise.all([
			run('plan-check.ts', ['--problem', problemFile, '--solution', solutionFile]),
			run('plan-check.ts', ['--problem', problemFile, '--solution', wrongFile]),
			run('plan-check.ts', ['--problem', problemFile, '--solution', garbledFile]),
			run('plan-check.ts', ['--problem', malformedFile, '--solution', solutionFile])
		]);
		expect(ok.code).toBe(0);
		expect(ok.stdout).toMatch(/all nine feasibility rules hold/);
		expect(ok.stdout).toMatch(/^ {2}rttLate /m);
		expect(wrong.code).toBe(1);
		expect(wrong.stdout).toMatch(/WRONG/);
		expect(garbled.code).toBe(2);
		expect(garbled.stderr).toMatch(/extra: unknown field/);
		expect(noProblem.code).toBe(2);
	});
});
