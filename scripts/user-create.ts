/**
 * Creates a user, typically the first admin of a trust that runs without demo data:
 *   npm run user:create -- --email you@trust.nhs.uk --name "Your Name" [--role admin]
 * The password is read from WAITWISE_PASSWORD or asked for on the terminal (never an argument,
 * which would land in shell history).
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { closeDatabase, openDatabase } from '../db';
import { ROLES, type Role } from '../db/schema';
import { createUser } from '../src/lib/server/auth';
import { AppError } from '../src/lib/server/errors';

const { values } = parseArgs({
	options: {
		email: { type: 'string' },
		name: { type: 'string' },
		role: { type: 'string', default: 'admin' }
	}
});

function fail(message: string): never {
	console.error(`user:create: ${message}`);
	process.exit(2);
}

if (!values.email) fail('--email is required');
if (!values.name) fail('--name is required');
if (!(ROLES as readonly string[]).includes(values.role!))
	fail(`--role must be one of ${ROLES.join(', ')}`);

let password = process.env.WAITWISE_PASSWORD;
if (!password) {
	if (!process.stdin.isTTY) fail('set WAITWISE_PASSWORD or run in a terminal to be asked');
	const rl = createInterface({ input: process.stdin, output: process.stdout });
	password = await rl.question('Password (12+ characters): ');
	rl.close();
}

const open = await openDatabase().catch((e: unknown) =>
	fail(e instanceof Error ? e.message : String(e))
);
try {
	const user = await createUser(
		open.db,
		{ email: values.email, name: values.name, role: values.role as Role, password },
		null
	);
	console.log(`Created ${user.role} ${user.email} (id ${user.id})`);
} catch (e) {
	if (e instanceof AppError) fail(e.message);
	throw e;
} finally {
	await closeDatabase();
}
