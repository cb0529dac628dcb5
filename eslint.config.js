import prettier from 'eslint-config-prettier';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Where things live (STYLE.md, "The shape of the house"), in one rule per kind of file:
 * - the browser's code never imports server code, not even its types (shared shapes live in
 *   src/lib/contracts);
 * - server code never imports the browser's feature folders (components and client state); pure
 *   shared rules live in src/lib/domain;
 * - routes and browser code reach the database only through src/lib/server, which SvelteKit
 *   refuses to bundle for the browser (STYLE.md rule 1); type-only imports of the schema are
 *   erased and carry no code, and specs may compare against it.
 * Each block sets the whole of @typescript-eslint/no-restricted-imports for its files (a later
 * block's options replace an earlier one's, they do not add up), so every block lists every
 * pattern that applies to its files.
 */
const CLIENT_FOLDERS = 'planner|dashboards|records|displays|bookings|account|realtime';
/** @param {number} climb how many `../` reach src/lib from the files the pattern is for */
const clientOnly = (climb) => ({
	regex: `^(\\$lib|.*/lib)/(${CLIENT_FOLDERS})(/|$)${climb ? `|^(\\.\\./){${climb}}(${CLIENT_FOLDERS})(/|$)` : ''}`,
	caseSensitive: true,
	message:
		'Server code does not import client feature folders: shared shapes go in $lib/contracts, pure rules in $lib/domain.'
});
const serverCode = {
	regex: '(^|/)server(/|$)',
	caseSensitive: true,
	message:
		'Browser code does not import server code, not even types: move the shape to $lib/contracts.'
};
const DB_MESSAGE = 'Reach the database through $lib/server (e.g. $lib/server/db).';
const dbPaths = [{ name: '$db', message: DB_MESSAGE, allowTypeImports: true }];
const dbPatterns = [
	{ group: ['$db/*'], message: DB_MESSAGE, allowTypeImports: true },
	{ regex: '^(\\.\\.?/)+db(/|$)', message: DB_MESSAGE, allowTypeImports: true }
];
const SERVER_FILES = [
	'src/lib/server/**',
	'src/routes/**/*.server.ts',
	'src/routes/**/+server.ts',
	'src/hooks.server.ts',
	'src/app.d.ts'
];
/**
 * @param {string[]} files
 * @param {{ paths?: unknown[], patterns: unknown[] }} options
 * @param {string[]} [ignores]
 * @returns {import('eslint').Linter.Config}
 */
const restrict = (files, options, ignores = []) => ({
	files,
	ignores,
	rules: { '@typescript-eslint/no-restricted-imports': ['error', options] }
});
const layering = [
	// the browser's code: no server code, no database
	restrict(
		['src/**/*.ts', 'src/**/*.svelte'],
		{ paths: dbPaths, patterns: [serverCode, ...dbPatterns] },
		SERVER_FILES
	),
	// its specs may read the schema
	restrict(['src/**/*.spec.ts'], { patterns: [serverCode] }, SERVER_FILES),
	// server code: no client feature folders; routes' server files no database either
	restrict(['src/lib/server/*.ts'], { patterns: [clientOnly(1)] }),
	restrict(['src/lib/server/*/*.ts'], { patterns: [clientOnly(2)] }),
	restrict(['src/lib/server/*/*/*.ts'], { patterns: [clientOnly(3)] }),
	restrict(['server/**/*.ts', 'src/hooks.server.ts'], { patterns: [clientOnly(0)] }),
	restrict(
		['src/routes/**/*.server.ts', 'src/routes/**/+server.ts'],
		{ paths: dbPaths, patterns: [clientOnly(0), ...dbPatterns] },
		['**/*.spec.ts']
	)
];

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'data/',
			'test-results/',
			'playwright-report/',
			'db/migrations/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node }
		},
		rules: {
			// typescript-eslint strongly recommends that you do not use the no-undef lint rule on TypeScript projects.
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		ignores: ['eslint.config.js', 'svelte.config.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': [
				'error',
				{ checksVoidReturn: { attributes: false } }
			]
		}
	},
	...layering,
	// every e2e test closes the browser contexts it opens (tests/e2e/test.ts): it takes `test`
	// from there, never straight from Playwright
	{
		files: ['tests/e2e/**/*.ts'],
		ignores: ['tests/e2e/test.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					paths: [
						{
							name: '@playwright/test',
							importNames: ['test'],
							allowTypeImports: true,
							message: "Import test from './test', which closes the browser contexts a test opens."
						}
					]
				}
			]
		}
	}
);
