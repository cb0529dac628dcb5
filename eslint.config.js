import prettier from 'eslint-config-prettier';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

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
