/**
 * Writes a generated demo trust into a database, in batches, in one transaction: a seed that
 * fails leaves the database as it was, so it can simply be run again.
 *
 * Ids: the big tables get their ids up front, as one block per table reserved from the table's
 * identity sequence, and rows are inserted with those ids (OVERRIDING SYSTEM VALUE). That keeps
 * the cross-references a matter of arithmetic, with no round trip per batch to read ids back,
 * and it stays correct on a database that already has rows (`--force`).
 */
import { inArray } from 'drizzle-orm';
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import { hashPassword } from '../../src/lib/server/password';
import { nhsCheckDigit } from '../../src/lib/domain/rtt';
import type { OpenDatabase, Tx } from '../index';
import {
	auditLog,
	bookings,
	caseNoteMovements,
	caseNoteRequests,
	clinicians,
	documents,
	locations,
	pathwayUnavailability,
	pathways,
	patients,
	sessions,
	settings,
	sites,
	specialties,
	summarisingItems,
	users
} from '../schema';
import { DEMO_PASSWORD } from './catalogue';
import { generateDemoTrust, validateDemoOptions } from './generate';
import { loadDemoNationalStatistics } from './national';
import type { DemoData, DemoOptions, DemoPatient } from './model';

/** Rows per INSERT: big enough to be quick, well inside PostgreSQL's 65,535 parameters. */
const BATCH = 1000;

export interface DemoCounts {
	users: number;
	specialties: number;
	sites: number;
	locations: number;
	clinicians: number;
	patients: number;
	pathways: number;
	pathwayUnavailability: number;
	sessions: number;
	bookings: number;
	caseNoteRequests: number;
	caseNoteMovements: number;
	summarisingItems: number;
	documents: number;
	settings: number;
	/** Synthetic national RTT statistics (db/demo/national.ts). */
	nationalRttTallies: number;
	auditLog: number;
}

/** What a load wrote: rows inserted per table (rows that already existed are not counted). */
export interface DemoSummary {
	seed: number;
	pathways: number;
	today: string;
	counts: DemoCounts;
	elapsedMs: number;
}

export interface LoadDemoOptions extends DemoOptions {
	log?: (message: string) => void;
}

/** True when nobody can sign in yet: the database has no users. */
export async function isDatabaseEmpty(open: OpenDatabase): Promise<boolean> {
	const [row] = await open.query<{ found: boolean }>(
		'select exists (select 1 from users) as found'
	);
	return !row.found;
}

export async function loadDemoTrust(
	open: OpenDatabase,
	options: LoadDemoOptions
): Promise<DemoSummary> {
	const log = options.log ?? (() => {});
	const started = performance.now();
	const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
	validateDemoOptions(options);

	// scrypt is slow on purpose; one hash serves every demo account, and it is computed on the
	// thread pool while the generator runs.
	const hashing = hashPassword(DEMO_PASSWORD);
	let data: DemoData;
	try {
		data = generateDemoTrust({
			seed: options.seed,
			pathways: options.pathways,
			today: options.today
		});
	} catch (err) {
		await hashing.catch(() => {});
		throw err;
	}
	log(
		`generated ${data.pathways.length} pathways, ${data.patients.length} patients, ` +
			`${data.sessions.length} sessions, ${data.caseNoteRequests.length} case-note requests (${elapsed()})`
	);
	const passwordHash = await hashing;

	await avoidExistingNhsNumbers(open, data.patients);
	const base = {
		patients: await reserveIds(open, 'patients', data.patients.length),
		pathways: await reserveIds(open, 'pathways', data.pathways.length),
		sessions: await reserveIds(open, 'sessions', data.sessions.length),
		bookings: await reserveIds(open, 'bookings', data.bookings.length),
		requests: await reserveIds(open, 'case_note_requests', data.caseNoteRequests.length),
		summarising: await reserveIds(open, 'summarising_items', data.summarisingItems.length)
	};

	const counts = await open.db.transaction(async (tx) => {
		const insertedUsers = await tx
			.insert(users)
			.values(data.users.map((u) => ({ ...u, passwordHash })))
			.onConflictDoNothing({ target: users.email })
			.returning({ id: users.id });
		const userRows = await tx
			.select({ id: users.id, email: users.email })
			.from(users)
			.where(
				inArray(
					users.email,
					data.users.map((u) => u.email)
				)
			);
		const userIdByEmail = new Map(userRows.map((r) => [r.email, r.id]));
		const userId = data.users.map((u) => userIdByEmail.get(u.email) as number);
		const user = (index: number | null) => (index === null ? null : userId[index]);

		const insertedSpecialties = await tx
			.insert(specialties)
			.values(data.specialties)
			.onConflictDoNothing()
			.returning({ code: specialties.code });

		const insertedSites = await tx
			.insert(sites)
			.values(data.sites)
			.onConflictDoNothing()
			.returning({ id: sites.id });
		const siteRows = await tx
			.select({ id: sites.id, code: sites.code })
			.from(sites)
			.where(
				inArray(
					sites.code,
					data.sites.map((s) => s.code)
				)
			);
		const siteIdByCode = new Map(siteRows.map((r) => [r.code, r.id]));
		const siteId = data.sites.map((s) => siteIdByCode.get(s.code) as number);

		// Locations have no natural key; a location of the same name at the same site is reused.
		const existingLocations = await tx
			.select({ id: locations.id, siteId: locations.siteId, name: locations.name })
			.from(locations)
			.where(inArray(locations.siteId, siteId));
		const locationIdByKey = new Map(existingLocations.map((r) => [`${r.siteId}|${r.name}`, r.id]));
		const newLocations = data.locations
			.map((l) => ({ siteId: siteId[l.site], name: l.name, kind: l.kind }))
			.filter((l) => !locationIdByKey.has(`${l.siteId}|${l.name}`));
		if (newLocations.length > 0) {
			const inserted = await tx
				.insert(locations)
				.values(newLocations)
				.returning({ id: locations.id, siteId: locations.siteId, name: locations.name });
			for (const r of inserted) locationIdByKey.set(`${r.siteId}|${r.name}`, r.id);
		}
		const locationId = data.locations.map(
			(l) => locationIdByKey.get(`${siteId[l.site]}|${l.name}`) as number
		);
		const location = (index: number | null) => (index === null ? null : locationId[index]);

		const insertedClinicians = await tx
			.insert(clinicians)
			.values(data.clinicians)
			.onConflictDoNothing()
			.returning({ id: clinicians.id });
		const clinicianRows = await tx
			.select({ id: clinicians.id, code: clinicians.code })
			.from(clinicians)
			.where(
				inArray(
					clinicians.code,
					data.clinicians.map((c) => c.code)
				)
			);
		const clinicianIdByCode = new Map(clinicianRows.map((r) => [r.code, r.id]));
		const clinicianId = data.clinicians.map((c) => clinicianIdByCode.get(c.code) as number);
		const clinician = (index: number | null) => (index === null ? null : clinicianId[index]);
		log(`reference data and ${data.users.length} staff accounts (${elapsed()})`);

		const date = (ms: number) => new Date(ms);
		const maybeDate = (ms: number | null) => (ms === null ? null : new Date(ms));
		const step = async <S, T extends PgTable>(
			label: string,
			table: T,
			rows: readonly S[],
			row: (source: S, index: number) => PgInsertValue<T, true>
		) => {
			await insertBatches(tx, table, rows, row);
			log(`${label}: ${rows.length} (${elapsed()})`);
			return rows.length;
		};

		const patientCount = await step('patients', patients, data.patients, (p, i) => ({
			id: base.patients + i,
			hospitalNumber: demoHospitalNumber(base.patients + i),
			...p
		}));
		const pathwayCount = await step('pathways', pathways, data.pathways, (p, i) => ({
			id: base.pathways + i,
			patientId: base.patients + p.patient,
			specialtyCode: p.specialtyCode,
			listType: p.listType,
			clockStart: p.clockStart,
			rttStatus: p.rttStatus,
			priority: p.priority,
			decisionDate: p.decisionDate,
			procedure: p.procedure,
			procedureCode: p.procedureCode,
			slotType: p.slotType,
			expectedMinutes: p.expectedMinutes,
			clinicianId: clinician(p.clinician),
			siteId: siteId[p.site],
			lastValidatedOn: p.lastValidatedOn,
			tciDate: p.tciDate,
			clockStoppedOn: p.clockStoppedOn,
			notes: p.notes,
			createdAt: date(p.createdAt),
			updatedAt: date(p.updatedAt)
		}));
		const unavailabilityCount = await step(
			'pathway unavailability',
			pathwayUnavailability,
			data.unavailability,
			(u) => ({
				pathwayId: base.pathways + u.pathway,
				fromDate: u.fromDate,
				toDate: u.toDate,
				reason: u.reason
			})
		);
		const sessionCount = await step('sessions', sessions, data.sessions, (s, i) => ({
			id: base.sessions + i,
			kind: s.kind,
			date: s.date,
			startTime: s.startTime,
			endTime: s.endTime,
			bookableMinutes: s.bookableMinutes,
			slotMinutes: s.slotMinutes,
			slotTypes: s.slotTypes,
			specialtyCode: s.specialtyCode,
			clinicianId: clinician(s.clinician),
			siteId: siteId[s.site],
			locationId: locationId[s.location],
			status: s.status
		}));
		const bookingCount = await step('bookings', bookings, data.bookings, (b, i) => ({
			id: base.bookings + i,
			pathwayId: base.pathways + b.pathway,
			sessionId: base.sessions + b.session,
			startTime: b.startTime,
			status: b.status,
			bookedBy: user(b.bookedBy),
			bookedAt: date(b.bookedAt),
			statusChangedAt: maybeDate(b.statusChangedAt),
			attendanceCode: b.attendanceCode,
			cancellationReason: b.cancellationReason
		}));
		const requestCount = await step(
			'case-note requests',
			caseNoteRequests,
			data.caseNoteRequests,
			(r, i) => ({
				id: base.requests + i,
				patientId: base.patients + r.patient,
				bookingId: r.booking === null ? null : base.bookings + r.booking,
				reason: r.reason,
				urgency: r.urgency,
				status: r.status,
				neededBy: date(r.neededBy),
				requestedAt: date(r.requestedAt),
				requestedBy: user(r.requestedBy),
				locatedAt: maybeDate(r.locatedAt),
				dispatchedAt: maybeDate(r.dispatchedAt),
				availableAt: maybeDate(r.availableAt),
				returnedAt: maybeDate(r.returnedAt),
				filedAt: maybeDate(r.filedAt),
				withdrawnAt: maybeDate(r.withdrawnAt),
				mergedAt: maybeDate(r.mergedAt),
				homeLocationId: location(r.homeLocation),
				currentLocationId: location(r.currentLocation),
				destinationLocationId: location(r.destinationLocation),
				volumeBarcode: r.volumeBarcode,
				missing: r.missing,
				temporaryNotes: r.temporaryNotes
			})
		);
		const movementCount = await step(
			'case-note movements',
			caseNoteMovements,
			data.caseNoteMovements,
			(m) => ({
				requestId: base.requests + m.request,
				at: date(m.at),
				byUserId: user(m.by),
				status: m.status,
				locationId: location(m.location),
				note: m.note
			})
		);
		const summarisingCount = await step(
			'summarising items',
			summarisingItems,
			data.summarisingItems,
			(s, i) => ({
				id: base.summarising + i,
				patientId: base.patients + s.patient,
				source: s.source,
				receivedAt: date(s.receivedAt),
				status: s.status,
				claimedBy: user(s.claimedBy),
				claimedAt: maybeDate(s.claimedAt),
				completedBy: user(s.completedBy),
				completedAt: maybeDate(s.completedAt),
				summary: s.summary
			})
		);
		const documentCount = await step('letters', documents, data.documents, (d) => ({
			summarisingItemId: base.summarising + d.item,
			title: d.title,
			author: d.author,
			writtenOn: d.writtenOn,
			body: d.body
		}));
		// A trust's own settings win over the demo's defaults.
		const insertedSettings = await tx
			.insert(settings)
			.values(data.settings)
			.onConflictDoNothing()
			.returning({ key: settings.key });

		const counts: DemoCounts = {
			users: insertedUsers.length,
			specialties: insertedSpecialties.length,
			sites: insertedSites.length,
			locations: newLocations.length,
			clinicians: insertedClinicians.length,
			patients: patientCount,
			pathways: pathwayCount,
			pathwayUnavailability: unavailabilityCount,
			sessions: sessionCount,
			bookings: bookingCount,
			caseNoteRequests: requestCount,
			caseNoteMovements: movementCount,
			summarisingItems: summarisingCount,
			documents: documentCount,
			settings: insertedSettings.length,
			nationalRttTallies: await loadDemoNationalStatistics(tx, options.seed, options.today),
			auditLog: 1
		};
		await tx.insert(auditLog).values({
			userId: null,
			action: 'seed',
			entity: 'database',
			after: { seed: options.seed, pathways: options.pathways, today: options.today, counts }
		});
		return counts;
	});

	// Fresh statistics, so the first PTL queries get good plans on a just-filled database.
	await open.query('analyze');
	log(`done (${elapsed()})`);
	return {
		seed: options.seed,
		pathways: options.pathways,
		today: options.today,
		counts,
		elapsedMs: Math.round(performance.now() - started)
	};
}

async function insertBatches<S, T extends PgTable>(
	tx: Tx,
	table: T,
	rows: readonly S[],
	row: (source: S, index: number) => PgInsertValue<T, true>
): Promise<void> {
	for (let from = 0; from < rows.length; from += BATCH) {
		const batch: PgInsertValue<T, true>[] = [];
		for (let i = from; i < Math.min(rows.length, from + BATCH); i++) batch.push(row(rows[i], i));
		await tx.insert(table).overridingSystemValue().values(batch);
	}
}

/**
 * Reserves `count` consecutive ids from a table's identity sequence and returns the first.
 * Sequences are not transactional, so this happens before the load's transaction; a failed load
 * only leaves a gap in the ids.
 */
async function reserveIds(open: OpenDatabase, table: string, count: number): Promise<number> {
	if (count === 0) return 1;
	const [row] = await open.query<{ last: number | string }>(
		`select setval(pg_get_serial_sequence($1, 'id'), nextval(pg_get_serial_sequence($1, 'id')) + $2 - 1) as last`,
		[table, count]
	);
	return Number(row.last) - count + 1;
}

/**
 * On a database that already has patients (`--force`), moves any generated NHS number that is
 * taken to the next free valid number in the 999 test range. A fresh database is left alone, so
 * the demo stays the same for the same seed.
 */
/**
 * A demo patient's hospital number, made from the id the load reserved for it ("H1000123"), so a
 * second trust loaded beside the first (--force) never repeats one. The shape is the one the
 * search box reads as a hospital number (domain/patient.ts, HOSPITAL_NUMBER).
 */
export function demoHospitalNumber(patientId: number): string {
	return `H${1_000_000 + patientId}`;
}

async function avoidExistingNhsNumbers(
	open: OpenDatabase,
	generated: DemoPatient[]
): Promise<void> {
	const rows = await open.query<{ nhs_number: string }>(
		`select nhs_number from patients where nhs_number like '999%'`
	);
	if (rows.length === 0) return;
	const taken = new Set(rows.map((r) => r.nhs_number));
	for (const p of generated) {
		if (!taken.has(p.nhsNumber)) {
			taken.add(p.nhsNumber);
			continue;
		}
		let stem = Number(p.nhsNumber.slice(0, 9));
		for (let tries = 0; ; tries++) {
			// The range holds a million stems; going round it once means every number is taken.
			if (tries > 1_000_000) throw new Error('no free NHS number left in the 999 test range');
			stem = stem >= 999_999_999 ? 999_000_000 : stem + 1;
			const check = nhsCheckDigit(String(stem));
			const candidate = `${stem}${check}`;
			if (check !== null && !taken.has(candidate)) {
				p.nhsNumber = candidate;
				taken.add(candidate);
				break;
			}
		}
	}
}
