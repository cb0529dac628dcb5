import { defineConfig } from 'drizzle-kit';

// Used only by `npm run db:generate`: migrations are generated from the schema, reviewed and
// committed; the app applies them at start (never `push`).
export default defineConfig({
	dialect: 'postgresql',
	schema: './db/schema/index.ts',
	out: './db/migrations'
});
