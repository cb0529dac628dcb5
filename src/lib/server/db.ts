/**
 * How routes reach the database: through here, inside src/lib/server, which SvelteKit refuses to
 * bundle for the browser. Routes never import `$db` (ESLint's `no-restricted-imports` says so);
 * the queries themselves live in the feature's server modules, which take the handle.
 */
import { database, type Database, type OpenDatabase } from '../../../db';

/** The open database (for the few callers that need more than its query API: rooms, proposals). */
export const openedDatabase = (): Promise<OpenDatabase> => database();

/** The database's query API. */
export const db = async (): Promise<Database> => (await database()).db;
