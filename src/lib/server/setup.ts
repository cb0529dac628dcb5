/**
 * First run of a trust that starts without the demo: while the database has no administrator,
 * the server prints a one-time setup code to its log at start (`announceSetupCode`); `/setup`
 * takes that code and creates the first administrator (`createFirstAdmin`). Only the code's
 * SHA-256 is stored (a setting), so every instance and every copy of this module agrees on it,
 * and the database, not a process, decides who wins a race: the transaction that deletes the
 * code's row creates the administrator; a racing one waits on that row and finds it gone.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { count, eq, like, sql } from 'drizzle-orm';
import { rowsOf, type Database, type Executor } from '../../../db';
import {
	clinicians,
	pathways,
	sessions,
	sessionTemplates,
	settings,
	sites,
	specialties,
	users
} from '../../../db/schema';
import { checkNewUser, insertUser, type SessionUser } from './auth';
import { AppError } from './errors';
import type { ReferenceKind } from '../domain/referenceKinds';

/** Each code's setting is keyed by its hash: every instance of a cluster prints its own. */
const SETUP_CODE_PREFIX = 'setup.code.';
/** No 0/O or 1/I: the code is read off a log and typed. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const hashOf = (code: string) =>
	createHash('sha256').update(code.trim().toUpperCase()).digest('hex');

/** True while the instance has no administrator: `/setup` is open. */
export async function needsSetup(db: Executor): Promise<boolean> {
	const [row] = await db.select({ n: count() }).from(users).where(eq(users.role, 'admin'));
	return row.n === 0;
}

/**
 * A new one-time setup code (16 characters, 80 bits, in four groups), its hash stored beside any
 * earlier one's (another instance's, or before a restart); null once an administrator exists.
 */
export async function issueSetupCode(db: Executor): Promise<string | null> {
	if (!(await needsSetup(db))) return null;
	const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
	const code = chars.match(/.{4}/g)!.join('-');
	await db
		.insert(settings)
		.values({ key: `${SETUP_CODE_PREFIX}${hashOf(code)}`, value: { issued: new Date() } });
	return code;
}

/** At server start: prints a setup code when there is no administrator (never on a page). */
export async function announceSetupCode(db: Executor, log: (m: string) => void): Promise<void> {
	const code = await issueSetupCode(db);
	if (code === null) return;
	log('No administrator yet. Open /setup in a browser and enter this one-time setup code:');
	log(`  setup code: ${code}`);
}

export interface FirstAdminInput {
	code: string;
	name: string;
	email: string;
	password: string;
}

const ALREADY = 'This instance is already set up: sign in instead';

/** Creates the first administrator with the printed code, once; the code is then spent. */
export async function createFirstAdmin(db: Database, input: FirstAdminInput): Promise<SessionUser> {
	if (!(await needsSetup(db))) throw new AppError('not-found', ALREADY);
	const user = await checkNewUser({ ...input, role: 'admin' });
	return db.transaction(async (tx) => {
		// every code is spent at once; a wrong code rolls the delete back
		const spent = await tx
			.delete(settings)
			.where(like(settings.key, `${SETUP_CODE_PREFIX}%`))
			.returning({ key: settings.key });
		if (!(await needsSetup(tx))) throw new AppError('not-found', ALREADY);
		if (spent.length === 0) {
			throw new AppError('invalid', 'No setup code is waiting: restart the server for a new one');
		}
		const got = Buffer.from(hashOf(input.code), 'hex');
		const matches = spent.filter(({ key }) => {
			const want = Buffer.from(key.slice(SETUP_CODE_PREFIX.length), 'hex');
			return want.length === got.length && timingSafeEqual(want, got);
		});
		if (matches.length === 0) {
			throw new AppError('invalid', 'That setup code is not right: copy it from the server log');
		}
		return insertUser(tx, user, null, 'create-first-admin');
	});
}

export interface SetupStep {
	/** Where the step is done: a reference-data import, the job plans, or the PTL import. */
	page: ReferenceKind | 'job-plans' | 'ptl';
	title: string;
	/** What the step brings in, as counted in the database now. */
	what: string;
	count: number;
}

/**
 * A new trust's imports, in the order each needs the one before (sessions need sites,
 * specialties and consultants; the PTL names them too), with what the database holds so far.
 */
export async function setupChecklist(db: Executor): Promise<SetupStep[]> {
	const result = await db.execute(sql`select
		(select count(*)::int from ${sites}) as sites,
		(select count(*)::int from ${specialties}) as specialties,
		(select count(*)::int from ${clinicians}) as consultants,
		(select count(*)::int from ${users}) as staff,
		(select count(*)::int from ${sessionTemplates}) as templates,
		(select count(*)::int from ${sessions} where ${sessions.templateId} is not null) as generated,
		(select count(*)::int from ${pathways}) as pathways`);
	const [row] = rowsOf<Record<string, number>>(result);
	return [
		{ page: 'sites', title: 'Sites', what: 'sites', count: row.sites },
		{
			page: 'specialties',
			title: 'Specialties',
			what: 'specialties (treatment function codes)',
			count: row.specialties
		},
		{
			page: 'consultants',
			title: 'Consultants',
			what: 'consultants',
			count: row.consultants
		},
		{ page: 'staff', title: 'Staff', what: 'accounts', count: row.staff },
		{
			page: 'job-plans',
			title: 'Job plans',
			what: 'weekly session templates',
			count: row.templates
		},
		{
			page: 'job-plans',
			title: 'Sessions generated',
			what: 'clinic and theatre sessions made from the job plans',
			count: row.generated
		},
		{
			page: 'ptl',
			title: 'PTL extract',
			what: 'pathways from the PAS extract',
			count: row.pathways
		}
	];
}
