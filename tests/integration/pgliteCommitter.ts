/**
 * Child process for pglite-kill.spec.ts: opens the embedded database in the folder given, then
 * commits one row per transaction forever, printing each number once its commit has returned.
 */
import { sql } from 'drizzle-orm';
import { connect } from '../../db';

// the probe needs only its own table: no migrations, so the test starts fast
const open = await connect(process.argv[2], { migrate: false });
await open.query('create table if not exists kill_probe (n integer primary key)');
for (let n = 1; ; n++) {
	await open.db.transaction(async (tx) => {
		await tx.execute(sql`insert into kill_probe values (${n})`);
	});
	process.stdout.write(`${n}\n`);
}
