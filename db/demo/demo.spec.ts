import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addDays,
	daysWaited,
	isClockRunning,
	isValidNhsNumber,
	OPEN_CLOCK_STATUSES
} from '../../src/lib/domain/rtt';
import { HOSPITAL_NUMBER } from '../../src/lib/domain/patient';
import { verifyPassword } from '../../src/lib/server/password';
import { connect, type OpenDatabase } from '../index';
import { londonTime } from './clock';
import {
	DEMO_ACCOUNTS,
	DEMO_PASSWORD,
	generateDemoTrust,
	isDatabaseEmpty,
	loadDemoTrust,
	NOW_MINUTE_OF_DAY,
	type DemoCounts,
	type DemoData
} from './index';
import { Random } from './random';

// A Monday shortly after the March clock change, so week arithmetic and BST both get exercised.
const TODAY = '2026-03-30';
const OPTIONS = { seed: 7, pathways: 3000, today: TODAY };

describe('Random', () => {
	it('repeats for a seed and differs between seeds and streams', () => {
		const draw = (r: Random) => Array.from({ length: 5 }, () => r.uint32());
		expect(draw(new Random(1))).toEqual(draw(new Random(1)));
		expect(draw(new Random(1))).not.toEqual(draw(new Random(2)));
		expect(draw(Random.stream(1, 'a'))).not.toEqual(draw(Random.stream(1, 'b')));
		const r = new Random(3);
		for (let i = 0; i < 1000; i++) {
			const x = r.next();
			expect(x >= 0 && x < 1).toBe(true);
			const k = r.int(2, 4);
			expect(k >= 2 && k <= 4).toBe(true);
		}
	});
});

describe('generateDemoTrust', () => {
	let data: DemoData;
	beforeAll(() => {
		data = generateDemoTrust(OPTIONS);
	});

	const openPathways = () => data.pathways.filter((p) => isClockRunning(p.rttStatus));

	it('gives identical data for the same seed, pathways and date, and different data otherwise', () => {
		expect(generateDemoTrust(OPTIONS)).toEqual(data);
		const other = generateDemoTrust({ ...OPTIONS, seed: 8 });
		expect(other.patients.map((p) => p.nhsNumber)).not.toEqual(
			data.patients.map((p) => p.nhsNumber)
		);
	});

	it('creates the pathways asked for, with some patients on two and a few duplicates', () => {
		expect(data.pathways).toHaveLength(OPTIONS.pathways);
		expect(data.patients.length).toBeLessThan(OPTIONS.pathways);
		const keys = new Map<string, number>();
		for (const p of openPathways()) {
			const key = `${p.patient}|${p.specialtyCode}|${p.listType}`;
			keys.set(key, (keys.get(key) ?? 0) + 1);
		}
		expect([...keys.values()].some((n) => n > 1)).toBe(true);
	});

	it('uses only valid NHS numbers from the 999 test range, each once', () => {
		const numbers = data.patients.map((p) => p.nhsNumber);
		for (const n of numbers) {
			expect(n).toMatch(/^999\d{7}$/);
			expect(isValidNhsNumber(n)).toBe(true);
		}
		expect(new Set(numbers).size).toBe(numbers.length);
	});

	it('uses obviously fake contact details', () => {
		for (const p of data.patients) {
			if (p.phone !== null) expect(p.phone).toMatch(/^(01632 960|07700 900)\d{3}$/);
			if (p.postcode !== null) expect(p.postcode).toMatch(/^ZZ\d{1,2} \d[A-Z]{2}$/);
			// an address only with a (fake) postcode; GP practice codes no real practice has
			expect(p.addressLine1 === null).toBe(p.postcode === null);
			if (p.gpPracticeCode !== null) expect(p.gpPracticeCode).toMatch(/^ZZ\d{4}$/);
		}
		expect(data.patients.filter((p) => p.gpPracticeCode !== null).length).toBeGreaterThan(
			data.patients.length * 0.9
		);
	});

	it('has the national shape of waits: most within 18 weeks, a long tail, a few over 52 weeks', () => {
		const waits = openPathways().map((p) => daysWaited(p.clockStart, TODAY));
		const share = (test: (d: number) => boolean) => waits.filter(test).length / waits.length;
		expect(share((d) => d <= 126)).toBeGreaterThanOrEqual(0.5);
		expect(share((d) => d <= 126)).toBeLessThanOrEqual(0.75);
		expect(share((d) => d > 364)).toBeGreaterThanOrEqual(0.01);
		expect(share((d) => d > 364)).toBeLessThanOrEqual(0.06);
		expect(waits.some((d) => d > 455)).toBe(true);
		expect(Math.min(...waits)).toBeGreaterThanOrEqual(0);
		// Closed pathways exist, so filtering on open clocks matters.
		const closed = data.pathways.filter((p) => !isClockRunning(p.rttStatus));
		expect(closed.length / data.pathways.length).toBeGreaterThan(0.01);
		expect(closed.length / data.pathways.length).toBeLessThan(0.1);
		for (const p of closed.filter((c) => c.rttStatus === '30'))
			expect(p.clockStoppedOn).not.toBeNull();
	});

	it('gives every priority a decision date on or after clock start and before today', () => {
		let missing = 0;
		for (const p of data.pathways) {
			if (p.priority === null) {
				missing++;
				continue;
			}
			const decided = p.decisionDate ?? '';
			expect(decided >= p.clockStart).toBe(true);
			expect(decided < TODAY).toBe(true);
		}
		expect(missing).toBeGreaterThan(0);
		expect(missing / data.pathways.length).toBeLessThan(0.03);
		const outpatient =
			data.pathways.filter((p) => p.listType === 'outpatient').length / data.pathways.length;
		expect(outpatient).toBeGreaterThan(0.55);
		expect(outpatient).toBeLessThan(0.75);
	});

	it('never over-fills a session', () => {
		const used = new Map<number, number>();
		for (const b of data.bookings) {
			if (b.status === 'cancelled') continue;
			used.set(b.session, (used.get(b.session) ?? 0) + data.pathways[b.pathway].expectedMinutes);
		}
		for (const [s, minutes] of used)
			expect(minutes).toBeLessThanOrEqual(data.sessions[s].bookableMinutes);
	});

	it('books each pathway live at most once, into a session it may go to, in the future', () => {
		const live = data.bookings.filter((b) => b.status === 'booked');
		expect(live.length).toBeGreaterThan(0);
		expect(new Set(live.map((b) => b.pathway)).size).toBe(live.length);
		const blocked = new Map<number, [string, string][]>();
		for (const u of data.unavailability)
			blocked.set(u.pathway, [...(blocked.get(u.pathway) ?? []), [u.fromDate, u.toDate]]);
		const now = londonTime(TODAY, NOW_MINUTE_OF_DAY);
		for (const b of live) {
			const p = data.pathways[b.pathway];
			const s = data.sessions[b.session];
			expect(isClockRunning(p.rttStatus)).toBe(true);
			expect(s.status).toBe('open');
			expect(s.date >= TODAY).toBe(true);
			expect(s.specialtyCode).toBe(p.specialtyCode);
			if (p.slotType !== null) expect(s.slotTypes).toContain(p.slotType);
			if (p.clinician !== null && s.clinician !== null) expect(s.clinician).toBe(p.clinician);
			for (const [from, to] of blocked.get(b.pathway) ?? [])
				expect(s.date < from || s.date > to).toBe(true);
			expect(b.bookedAt).toBeLessThan(now);
		}
		// Past lists have outcomes, not live bookings.
		for (const b of data.bookings) {
			if (data.sessions[b.session].date < TODAY) expect(b.status).not.toBe('booked');
		}
	});

	it('records every case-note step in order, none after now, with open requests for the coming clinics', () => {
		const now = londonTime(TODAY, NOW_MINUTE_OF_DAY);
		const steps = new Map<number, number[]>();
		for (const m of data.caseNoteMovements)
			steps.set(m.request, [...(steps.get(m.request) ?? []), m.at]);
		data.caseNoteRequests.forEach((r, i) => {
			const times = steps.get(i) ?? [];
			expect(times.length).toBeGreaterThan(0);
			expect([...times].sort((a, b) => a - b)).toEqual(times);
			expect(times[times.length - 1]).toBeLessThanOrEqual(now);
			const stamps = [
				r.requestedAt,
				r.locatedAt,
				r.dispatchedAt,
				r.availableAt,
				r.returnedAt,
				r.filedAt
			];
			const present = stamps.filter((t): t is number => t !== null);
			expect([...present].sort((a, b) => a - b)).toEqual(present);
		});
		const upcoming = data.caseNoteRequests.filter(
			(r) =>
				r.reason === 'clinic' &&
				r.neededBy >= now &&
				['requested', 'located', 'dispatched', 'available'].includes(r.status)
		);
		expect(upcoming.length).toBeGreaterThan(0);
		expect(data.caseNoteRequests.some((r) => r.missing && r.temporaryNotes)).toBe(true);
		expect(Math.min(...data.caseNoteRequests.map((r) => r.requestedAt))).toBeLessThan(
			londonTime(addDays(TODAY, -300), 0)
		);
	});

	it('has a summarising backlog and a completed history with structured summaries', () => {
		const awaiting = data.summarisingItems.filter((s) => s.status === 'awaiting');
		const completed = data.summarisingItems.filter((s) => s.status === 'completed');
		expect(awaiting.length).toBeGreaterThan(20);
		expect(completed.length).toBeGreaterThan(100);
		expect(new Set(completed.map((s) => s.completedBy)).size).toBeGreaterThanOrEqual(3);
		for (const s of completed) {
			expect(s.claimedBy).toBeNull(); // the schema keeps claimed_by only while claimed
			expect(s.summary?.keyLetters.length).toBeGreaterThan(0);
			for (const e of s.summary?.allergies ?? []) {
				expect(e).toMatchObject({ code: expect.any(String), date: expect.any(String) });
			}
		}
		for (const s of data.summarisingItems)
			expect(s.status === 'claimed').toBe(s.claimedBy !== null);
	});

	it('writes each item its letter, naming what the summariser codes from it, the same for a seed', () => {
		const again = generateDemoTrust(OPTIONS).documents;
		expect(again).toEqual(data.documents);
		expect(generateDemoTrust({ ...OPTIONS, seed: 8 }).documents).not.toEqual(data.documents);

		const byItem = new Map(data.documents.map((d) => [d.item, d]));
		expect(byItem.size).toBe(data.documents.length); // one letter per item at most
		for (const [index, item] of data.summarisingItems.entries()) {
			const letter = byItem.get(index);
			// paper records from another trust arrive with no letter; every other source has one
			expect(letter === undefined, item.source).toBe(item.source === 'external records');
			if (!letter) continue;
			expect(letter.title.length).toBeGreaterThan(5);
			expect(letter.author.length).toBeGreaterThan(3);
			expect(letter.writtenOn < new Date(item.receivedAt).toISOString().slice(0, 10)).toBe(true);
			const patient = data.patients[item.patient];
			expect(letter.body).toContain(`${patient.givenName} ${patient.familyName}`);
			expect(letter.body).toMatch(/\n\nAllergies:\n- /);
			// a completed item's summary was coded from its letter: every entry is in the text
			for (const e of [
				...(item.summary?.problems ?? []),
				...(item.summary?.procedures ?? []),
				...(item.summary?.medications ?? [])
			])
				expect(letter.body).toContain(e.term);
		}
		const sources = new Set(data.documents.map((d) => data.summarisingItems[d.item].source));
		expect([...sources].sort()).toEqual([
			'clinic letter',
			'discharge summary',
			'new registration',
			'referral letter'
		]);
		const open = data.documents.filter((d) => data.summarisingItems[d.item].status !== 'completed');
		expect(open.some((d) => /\nDiagnoses:\n- /.test(d.body))).toBe(true);
		expect(open.some((d) => /\nCurrent medication:\n- /.test(d.body))).toBe(true);
	});
});

describe('loadDemoTrust', () => {
	let open: OpenDatabase;
	beforeAll(async () => {
		open = await connect('memory://');
	});
	afterAll(async () => {
		await open.close();
	});

	const TABLES: Record<keyof DemoCounts, string> = {
		users: 'users',
		specialties: 'specialties',
		sites: 'sites',
		locations: 'locations',
		clinicians: 'clinicians',
		patients: 'patients',
		pathways: 'pathways',
		pathwayUnavailability: 'pathway_unavailability',
		sessions: 'sessions',
		bookings: 'bookings',
		caseNoteRequests: 'case_note_requests',
		caseNoteMovements: 'case_note_movements',
		summarisingItems: 'summarising_items',
		documents: 'documents',
		settings: 'settings',
		nationalRttTallies: 'national_rtt_tallies',
		auditLog: 'audit_log'
	};
	const countRows = async (table: string) =>
		(await open.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;

	it('loads about 1,000 pathways into PGlite, with counts that match the database', async () => {
		expect(await isDatabaseEmpty(open)).toBe(true);
		const messages: string[] = [];
		const summary = await loadDemoTrust(open, {
			seed: 11,
			pathways: 1000,
			today: TODAY,
			log: (m) => messages.push(m)
		});
		expect(messages.length).toBeGreaterThan(3);
		expect(await isDatabaseEmpty(open)).toBe(false);
		for (const [key, table] of Object.entries(TABLES)) {
			expect({ table, rows: await countRows(table) }).toEqual({
				table,
				rows: summary.counts[key as keyof DemoCounts]
			});
		}
		expect(summary.counts.pathways).toBe(1000);

		// The database agrees: no session over-filled, one live booking per pathway, open clocks.
		const [overfilled] = await open.query<{ n: number }>(
			`select count(*)::int as n from (
				select s.id from sessions s
				join bookings b on b.session_id = s.id and b.status <> 'cancelled'
				join pathways p on p.id = b.pathway_id
				group by s.id, s.bookable_minutes having sum(p.expected_minutes) > s.bookable_minutes) x`
		);
		expect(overfilled.n).toBe(0);
		const [twice] = await open.query<{ n: number }>(
			`select count(*)::int as n from (select pathway_id from bookings where status = 'booked' group by 1 having count(*) > 1) x`
		);
		expect(twice.n).toBe(0);
		const [ptl] = await open.query<{ n: number }>(
			`select count(*)::int as n from pathways where rtt_status = any($1::text[])`,
			[[...OPEN_CLOCK_STATUSES]]
		);
		expect(ptl.n).toBeGreaterThan(800);
		const [audit] = await open.query<{ action: string; seed: number }>(
			`select action, (after->>'seed')::int as seed from audit_log`
		);
		expect(audit).toEqual({ action: 'seed', seed: 11 });

		const accounts = await open.query<{ email: string; role: string; password_hash: string }>(
			'select email, role, password_hash from users'
		);
		for (const a of DEMO_ACCOUNTS)
			expect(accounts.find((u) => u.email === a.email)?.role).toBe(a.role);
		expect(new Set(accounts.map((a) => a.password_hash)).size).toBe(1);
		expect(await verifyPassword(DEMO_PASSWORD, accounts[0].password_hash)).toBe(true);
	});

	it('adds a second trust alongside the first (--force) without clashing', async () => {
		const before = await countRows('patients');
		const summary = await loadDemoTrust(open, { seed: 11, pathways: 1000, today: TODAY });
		// The same seed again: every NHS number was taken, and each moved to a free one.
		expect(await countRows('patients')).toBe(before + summary.counts.patients);
		expect(summary.counts.users).toBe(0);
		expect(summary.counts.specialties).toBe(0);
		expect(summary.counts.locations).toBe(0);
		const numbers = await open.query<{ nhs_number: string }>('select nhs_number from patients');
		for (const { nhs_number } of numbers) expect(isValidNhsNumber(nhs_number)).toBe(true);
		// both trusts' patients have hospital numbers the search box reads as such, none repeated
		const local = await open.query<{ hospital_number: string | null }>(
			'select hospital_number from patients'
		);
		for (const { hospital_number } of local) expect(hospital_number).toMatch(HOSPITAL_NUMBER);
		expect(new Set(local.map((l) => l.hospital_number)).size).toBe(local.length);
		expect(await countRows('audit_log')).toBe(2);
	});
});
