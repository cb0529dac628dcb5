import prettier from 'eslint-config-prettier';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Where things live (STYLE.md, "The shape of the house"): the browser's code never imports
 * server code, not even its types (shared shapes live in src/lib/contracts), and server code never
 * imports the browser's feature folders (components and client state); pure shared rules live in
 * src/lib/domain. Written as @typescript-eslint/no-restricted-imports so that it adds to, rather
 * than replaces, any plain no-restricted-imports rule another block sets for the same files.
 */
const CLIENT_FOLDERS = 'planner|dashboards|records|displays|bookings|account|realtime';
const clientOnly = (climb) => ({
	regex: `^(\\$lib|.*/lib)/(${CLIENT_FOLDERS})(/|$)${climb ? `|^(\\.\\./){${climb}}(${CLIENT_FOLDERS})(/|$)` : ''}`,
	caseSensitive: true,
	message:
		'Server code does not import client feature folders: shared shapes go in $lib/contracts, pure rules in $lib/domain.'
});
const layering = [
	{
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		ignores: [
			'src/lib/server/**',
			'src/routes/**/*.server.ts',
			'src/routes/**/+server.ts',
			'src/hooks.server.ts',
			'src/app.d.ts'
		],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: '(^|/)server(/|$)',
							caseSensitive: true,
							message:
								'Browser code does not import server code, not even types: move the shape to $lib/contracts.'
						}
					]
				}
			]
		}
	},
	...[
		[['src/lib/server/*.ts'], 1],
		[['src/lib/server/*/*.ts'], 2],
		[
			[
				'server/**/*.ts',
				'src/routes/**/*.server.ts',
				'src/routes/**/+server.ts',
				'src/hooks.server.ts'
			],
			0
		]
	].map(([files, climb]) => ({
		files,
		rules: {
			'@typescript-eslint/no-restricted-imports': ['error', { patterns: [clientOnly(climb)] }]
		}
	}))
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
	{
		// Routes and browser code reach the database only through src/lib/server, which SvelteKit
		// refuses to bundle for the browser (STYLE.md rule 1). Type-only imports are erased and
		// carry no code; specs may compare against the schema.
		files: ['src/routes/**', 'src/lib/**'],
		ignores: ['src/lib/server/**', '**/*.spec.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					paths: [
						{
							name: '$db',
							message: 'Reach the database through $lib/server (e.g. $lib/server/db).',
							allowTypeImports: true
						}
					],
					patterns: [
						{
							group: ['$db/*'],
							message: 'Reach the database through $lib/server.',
							allowTypeImports: true
						},
						{
							regex: '^(\\.\\.?/)+db(/|$)',
							message: 'Reach the database through $lib/server.',
							allowTypeImports: true
						}
					]
				}
			]
		}
	}
);
