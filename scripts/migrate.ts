/** Applies the committed migrations to the configured database (the app also does this at start). */
import { closeDatabase, openDatabase } from '../db';

const open = await openDatabase();
console.log(`Migrations applied to ${open.kind} at ${open.location}`);
await closeDatabase();
