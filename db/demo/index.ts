/**
 * The demo trust: a realistic, entirely synthetic hospital for development, demonstrations and
 * the end-to-end tests. `npm run db:seed` (scripts/seed.ts) loads it; the e2e server loads it
 * into its in-memory database at start.
 */
export { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_STAFF, type DemoAccount } from './catalogue';
export { FUTURE_DAYS, generateDemoTrust, NOW_MINUTE_OF_DAY, PAST_DAYS } from './generate';
export {
	isDatabaseEmpty,
	loadDemoTrust,
	type DemoCounts,
	type DemoSummary,
	type LoadDemoOptions
} from './load';
export type { DemoData, DemoOptions, RecordSummary } from './model';
