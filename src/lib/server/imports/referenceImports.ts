/**
 * The four reference imports (issue 14): sites, specialties, consultants and staff, each a
 * {@link TableKind} of the generic table import (tableImport.ts): upserted by its natural key,
 * every change audited field by field (`import-create`, `import-update`; a staff role change as
 * the users page records it, `change-role`).
 *
 * Staff: an account the file makes has no usable password; the import makes it a one-time
 * set-password link (setPasswordLinks.ts) that the admin sees once and sends. An import never
 * disables or deletes an account, and never changes the importing admin's own role.
 */
import type { Database, Tx } from '../../../../db';
import { clinicians, sites, specialties, users } from '../../../../db/schema';
import type { SetPasswordLink, TableImportReport } from '../../contracts/referenceImport';
import {
	checkConsultantRow,
	checkSiteRow,
	checkSpecialtyRow,
	checkStaffRow,
	REFERENCE_COLUMNS,
	rowKey,
	type ConsultantRow,
	type ReferenceKind,
	type SiteRow,
	type SpecialtyRow,
	type StaffRow
} from '../../domain/referenceImport';
import { changeRole, roleChanged } from '../accounts';
import { writeAudit } from '../audit';
import { unusablePasswordHash } from '../password';
import { createSetPasswordLink, setPasswordPath } from '../setPasswordLinks';
import { eq } from 'drizzle-orm';
import {
	changes,
	importTable,
	type RowOutcome,
	type RowWriter,
	type TableImportOptions,
	type TableKind
} from './tableImport';

/** Records a change the import made; `before` null for a creation. */
function audited(
	tx: Tx,
	options: TableImportOptions,
	entity: string,
	entityId: number | string,
	before: unknown,
	after: unknown
) {
	return writeAudit(tx, {
		userId: options.userId,
		action: before === null ? 'import-create' : 'import-update',
		entity,
		entityId,
		before,
		after
	});
}

const sitesKind: TableKind<SiteRow> = {
	columns: REFERENCE_COLUMNS.sites,
	check: checkSiteRow,
	key: (values) => rowKey('sites', values),
	async writer(tx, options) {
		const byCode = new Map((await tx.select().from(sites)).map((s) => [s.code, s]));
		return {
			async write(row) {
				const site = byCode.get(row.code);
				if (!site) {
					const [made] = await tx.insert(sites).values(row).returning();
					byCode.set(made.code, made);
					await audited(tx, options, 'site', made.id, null, row);
					return 'created';
				}
				const change = changes(site, { name: row.name });
				if (!change) return 'unchanged';
				await tx.update(sites).set(change.after).where(eq(sites.id, site.id));
				Object.assign(site, change.after);
				await audited(tx, options, 'site', site.id, change.before, change.after);
				return 'updated';
			}
		};
	}
};

/** The trust's specialties, adding a national code it lacks (with its national title), audited. */
class Specialties {
	private constructor(
		private readonly tx: Tx,
		private readonly options: TableImportOptions,
		readonly names: Map<string, string>
	) {}

	static async load(tx: Tx, options: TableImportOptions): Promise<Specialties> {
		const rows = await tx.select().from(specialties);
		return new Specialties(tx, options, new Map(rows.map((s) => [s.code, s.name])));
	}

	async create(code: string, name: string): Promise<void> {
		await this.tx.insert(specialties).values({ code, name });
		this.names.set(code, name);
		await audited(this.tx, this.options, 'specialty', code, null, { code, name });
	}

	async ensure(code: string, nationalName: string): Promise<void> {
		if (!this.names.has(code)) await this.create(code, nationalName);
	}
}

const specialtiesKind: TableKind<SpecialtyRow> = {
	columns: REFERENCE_COLUMNS.specialties,
	check: checkSpecialtyRow,
	key: (values) => rowKey('specialties', values),
	async writer(tx, options) {
		const known = await Specialties.load(tx, options);
		return {
			async write(row) {
				const name = known.names.get(row.code);
				if (name === undefined) {
					await known.create(row.code, row.name ?? row.nationalName);
					return 'created';
				}
				const change = changes({ name }, { name: row.name });
				if (!change) return 'unchanged';
				await tx.update(specialties).set(change.after).where(eq(specialties.code, row.code));
				known.names.set(row.code, change.after.name!);
				await audited(tx, options, 'specialty', row.code, change.before, change.after);
				return 'updated';
			}
		};
	}
};

const consultantsKind: TableKind<ConsultantRow> = {
	columns: REFERENCE_COLUMNS.consultants,
	check: checkConsultantRow,
	key: (values) => rowKey('consultants', values),
	async writer(tx, options) {
		const known = await Specialties.load(tx, options);
		const byCode = new Map((await tx.select().from(clinicians)).map((c) => [c.code, c]));
		const gmcHolder = new Map(
			[...byCode.values()].filter((c) => c.gmcNumber !== null).map((c) => [c.gmcNumber!, c.code])
		);
		return {
			async write(row): Promise<RowOutcome> {
				const holder = row.gmcNumber === undefined ? undefined : gmcHolder.get(row.gmcNumber);
				if (holder !== undefined && holder !== row.code) {
					return { reasons: [`gmc_number: ${row.gmcNumber} belongs to consultant ${holder}`] };
				}
				await known.ensure(row.specialtyCode, row.specialtyName);
				const fields = {
					name: row.name,
					specialtyCode: row.specialtyCode,
					gmcNumber: row.gmcNumber,
					maxMinutesPerDay: row.maxMinutesPerDay
				};
				const clinician = byCode.get(row.code);
				let outcome: RowOutcome;
				if (!clinician) {
					const [made] = await tx
						.insert(clinicians)
						.values({ code: row.code, ...fields })
						.returning();
					byCode.set(made.code, made);
					await audited(tx, options, 'clinician', made.id, null, { code: row.code, ...fields });
					outcome = 'created';
				} else {
					const change = changes(clinician, fields);
					if (!change) return 'unchanged';
					await tx.update(clinicians).set(change.after).where(eq(clinicians.id, clinician.id));
					if (change.before.gmcNumber) gmcHolder.delete(change.before.gmcNumber);
					Object.assign(clinician, change.after);
					await audited(tx, options, 'clinician', clinician.id, change.before, change.after);
					outcome = 'updated';
				}
				if (row.gmcNumber !== undefined) gmcHolder.set(row.gmcNumber, row.code);
				return outcome;
			}
		};
	}
};

const staffKind: TableKind<StaffRow> = {
	columns: REFERENCE_COLUMNS.staff,
	check: checkStaffRow,
	key: (values) => rowKey('staff', values),
	async writer(tx, options): Promise<RowWriter<StaffRow>> {
		const byEmail = new Map(
			(
				await tx
					.select({ id: users.id, email: users.email, name: users.name, role: users.role })
					.from(users)
			).map((u) => [u.email, u])
		);
		const links: SetPasswordLink[] = [];
		const roleChangedIds: number[] = [];
		return {
			async write(row) {
				const account = byEmail.get(row.email);
				if (!account) {
					const [made] = await tx
						.insert(users)
						.values({ ...row, passwordHash: await unusablePasswordHash() })
						.returning({ id: users.id, email: users.email, name: users.name, role: users.role });
					byEmail.set(made.email, made);
					await audited(tx, options, 'user', made.id, null, row);
					// a dry run makes no account, so no link either
					if (!options.dryRun) {
						const { token, expiresAt } = await createSetPasswordLink(tx, made.id);
						links.push({
							email: made.email,
							name: made.name,
							path: setPasswordPath(token),
							expiresAt: expiresAt.toISOString()
						});
					}
					return 'created';
				}
				if (account.role !== row.role && account.id === options.userId) {
					return { reasons: ['role: you cannot change your own role; ask another administrator'] };
				}
				const renamed = changes(account, { name: row.name });
				if (renamed) {
					await tx.update(users).set(renamed.after).where(eq(users.id, account.id));
					Object.assign(account, renamed.after);
					await audited(tx, options, 'user', account.id, renamed.before, renamed.after);
				}
				const moved = await changeRole(tx, options.userId, account, row.role);
				if (moved) {
					account.role = row.role;
					roleChangedIds.push(account.id);
				}
				return renamed || moved ? 'updated' : 'unchanged';
			},
			finish(report: TableImportReport) {
				report.setPasswordLinks = links;
			},
			committed() {
				roleChanged(roleChangedIds);
			}
		};
	}
};

const KINDS: { [K in ReferenceKind]: TableKind<never> } = {
	sites: sitesKind as TableKind<never>,
	specialties: specialtiesKind as TableKind<never>,
	consultants: consultantsKind as TableKind<never>,
	staff: staffKind as TableKind<never>
};

/** Imports a file of one kind of reference data; see tableImport.ts for the report. */
export function importReference(
	db: Database,
	kind: ReferenceKind,
	path: string,
	options: TableImportOptions
): Promise<TableImportReport> {
	return importTable(db, path, KINDS[kind] as TableKind<unknown>, options);
}
