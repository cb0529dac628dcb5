/**
 * Office displays on a real database and a real socket.io server: tokens are created, verified
 * and revoked with only their hash stored; a display's socket is refused for a wrong, unknown or
 * revoked token, hears nothing meant for staff, is cut off the moment it is revoked, and is sent
 * aggregates that identify no patient.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { and, eq } from 'drizzle-orm';
import type { OpenDatabase } from '../../db';
import { auditLog, DISPLAY_PANELS, displays, pathways, patients } from '../../db/schema';
import {
	DISPLAY_NAMESPACE,
	displayDataSchema,
	type DisplayClientToServerEvents,
	type DisplayData,
	type DisplayServerToClientEvents
} from '../../src/lib/contracts/realtime/display';
import type { SessionUser } from '../../src/lib/server/auth';
import { breachRisk } from '../../src/lib/server/dashboards/breachRisk';
import { flushDashboards, markDashboardsStale } from '../../src/lib/server/dashboards/live';
import {
	createDisplay,
	listDisplays,
	revokeDisplay,
	verifyDisplayToken
} from '../../src/lib/server/displays/access';
import { targets } from './databases';
import { CENSUS, loadFixture } from './fixtures';
import { signedInUser, startLiveServer, type LiveServer } from './liveServer';
import { refusal } from './refusal';

type DisplaySocket = Socket<DisplayServerToClientEvents, DisplayClientToServerEvents>;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** A display showing the headline figures, named `name`. */
const newDisplay = (db: OpenDatabase['db'], admin: SessionUser, name: string) =>
	createDisplay(db, admin, { name, panels: ['breach-tiles'], rotateSeconds: 20 });
const ALL_PANELS = [...DISPLAY_PANELS];

describe.each(targets)('office display tokens on $name', (target) => {
	let open: OpenDatabase;
	let admin: SessionUser;

	beforeAll(async () => {
		open = await target.open();
		await loadFixture(open);
		admin = (await signedInUser(open, 'admin')).user;
	});
	afterAll(async () => {
		await open.close();
	});

	it('creates a display, storing only the token hash and auditing without it', async () => {
		const { display, token } = await createDisplay(open.db, admin, {
			name: 'Admin office TV',
			panels: ['projection', 'breach-tiles'],
			rotateSeconds: '30',
			specialtyCode: '120'
		});
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		// panels keep the order of the list of panels, whatever order they were ticked in
		expect(display).toEqual({
			id: display.id,
			name: 'Admin office TV',
			panels: ['breach-tiles', 'projection'],
			rotateSeconds: 30,
			specialtyCode: '120'
		});

		const [row] = await open.db.select().from(displays).where(eq(displays.id, display.id));
		expect(row.tokenHash).toBe(sha256(token));
		expect(JSON.stringify(row)).not.toContain(token);
		expect(row.createdBy).toBe(admin.id);

		const audits = await open.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entity, 'display'), eq(auditLog.entityId, String(display.id))));
		expect(audits.map((a) => a.action)).toEqual(['create-display']);
		expect(audits[0].userId).toBe(admin.id);
		expect(JSON.stringify(audits[0])).not.toContain(token);
		expect(JSON.stringify(audits[0])).not.toContain(row.tokenHash);

		const listed = (await listDisplays(open.db)).find((d) => d.id === display.id)!;
		expect(listed).not.toHaveProperty('tokenHash');
		expect(listed).toMatchObject({ specialtyName: 'ENT', createdBy: admin.name, revokedAt: null });
	});

	it('refuses a display that would show nothing, rotate too fast or name an unknown specialty', async () => {
		const base = { name: 'TV', panels: ['breach-tiles'], rotateSeconds: 20 };
		expect(await refusal(createDisplay(open.db, admin, { ...base, panels: [] }))).toEqual({
			status: 400,
			message: 'panels: choose at least one panel'
		});
		expect(
			(await refusal(createDisplay(open.db, admin, { ...base, panels: ['patients'] }))).status
		).toBe(400);
		expect(
			(await refusal(createDisplay(open.db, admin, { ...base, rotateSeconds: 4 }))).status
		).toBe(400);
		expect(
			(await refusal(createDisplay(open.db, admin, { ...base, rotateSeconds: 601 }))).status
		).toBe(400);
		expect((await refusal(createDisplay(open.db, admin, { ...base, name: '  ' }))).status).toBe(
			400
		);
		expect(await refusal(createDisplay(open.db, admin, { ...base, specialtyCode: '999' }))).toEqual(
			{
				status: 400,
				message: 'specialtyCode: no specialty 999'
			}
		);
	});

	it('verifies a token only for its own display, and never once revoked', async () => {
		const a = await newDisplay(open.db, admin, 'A');
		const b = await newDisplay(open.db, admin, 'B');

		expect(await verifyDisplayToken(open.db, a.display.id, a.token)).toEqual({
			ok: true,
			display: a.display
		});
		// another display's token, a made-up token, and a display that does not exist
		expect(await verifyDisplayToken(open.db, a.display.id, b.token)).toMatchObject({
			ok: false,
			refusal: 'invalid',
			status: 403
		});
		expect(await verifyDisplayToken(open.db, a.display.id, 'x'.repeat(43))).toMatchObject({
			ok: false,
			refusal: 'invalid'
		});
		expect(await verifyDisplayToken(open.db, 999_999, a.token)).toMatchObject({
			ok: false,
			refusal: 'unknown',
			status: 404
		});

		await revokeDisplay(open.db, admin, a.display.id);
		expect(await verifyDisplayToken(open.db, a.display.id, a.token)).toMatchObject({
			ok: false,
			refusal: 'revoked',
			status: 403
		});
		// the other display is untouched
		expect((await verifyDisplayToken(open.db, b.display.id, b.token)).ok).toBe(true);

		const [row] = await open.db.select().from(displays).where(eq(displays.id, a.display.id));
		expect(row.revokedAt).toBeInstanceOf(Date);
		expect(row.revokedBy).toBe(admin.id);
		const audits = await open.db
			.select({ action: auditLog.action, userId: auditLog.userId })
			.from(auditLog)
			.where(and(eq(auditLog.entity, 'display'), eq(auditLog.entityId, String(a.display.id))));
		expect(audits).toEqual([
			{ action: 'create-display', userId: admin.id },
			{ action: 'revoke-display', userId: admin.id }
		]);

		// named as the admin named it, not by its id
		expect(await refusal(revokeDisplay(open.db, admin, a.display.id))).toEqual({
			status: 409,
			message: 'The display "A" is already revoked'
		});
		expect((await refusal(revokeDisplay(open.db, admin, 999_999))).status).toBe(404);
	});
});

describe.each(targets)('the /display socket namespace on $name', (target) => {
	let open: OpenDatabase;
	let live: LiveServer;
	let admin: SessionUser;
	const sockets: DisplaySocket[] = [];
	let patientWords: string[];

	function connect(auth: unknown): DisplaySocket {
		const socket: DisplaySocket = connectSocket(`${live.url}${DISPLAY_NAMESPACE}`, {
			path: '/socket.io',
			transports: ['websocket'],
			auth: auth as Record<string, unknown>,
			reconnection: false,
			forceNew: true
		});
		sockets.push(socket);
		return socket;
	}
	const nextData = (socket: DisplaySocket) =>
		new Promise<DisplayData>((resolve) => socket.once('display:data', resolve));
	const connectError = (socket: DisplaySocket) =>
		new Promise<string>((resolve) => socket.once('connect_error', (err) => resolve(err.message)));

	beforeAll(async () => {
		open = await target.open();
		await loadFixture(open);
		live = await startLiveServer(open);
		admin = (await signedInUser(open, 'admin')).user;
		const people = await open.db.select().from(patients);
		patientWords = people.flatMap((p) => [p.familyName, p.nhsNumber]);
	});
	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		await live.close();
		await open.close();
	});

	it('sends a display its aggregates on connect, with nothing that identifies a patient', async () => {
		const { display, token } = await createDisplay(open.db, admin, {
			name: 'Office',
			panels: ALL_PANELS,
			rotateSeconds: 20
		});
		const socket = connect({ displayId: display.id, token });
		const data = await nextData(socket);

		expect(displayDataSchema.parse(data)).toEqual(data);
		expect(data.scope).toBe('Whole trust');
		expect(data.panels.map((p) => p.panel)).toEqual(ALL_PANELS);
		const wire = JSON.stringify(data);
		for (const word of patientWords) expect(wire).not.toContain(word);
		expect(wire).not.toMatch(/\d{3}\s?\d{3}\s?\d{4}/);

		const [row] = await open.db.select().from(displays).where(eq(displays.id, display.id));
		expect(row.lastSeenAt).toBeInstanceOf(Date);
	});

	it('refuses a wrong, unknown, malformed or revoked token', async () => {
		const a = await newDisplay(open.db, admin, 'A');
		const b = await newDisplay(open.db, admin, 'B');
		expect(await connectError(connect({ displayId: a.display.id, token: b.token }))).toBe(
			'invalid'
		);
		expect(await connectError(connect({ displayId: 999_999, token: a.token }))).toBe('unknown');
		expect(await connectError(connect({ displayId: String(a.display.id), token: a.token }))).toBe(
			'invalid'
		);
		expect(await connectError(connect({}))).toBe('invalid');
		await revokeDisplay(open.db, admin, a.display.id);
		expect(await connectError(connect({ displayId: a.display.id, token: a.token }))).toBe(
			'revoked'
		);
	});

	it('pushes fresh figures when dashboards change, and nothing broadcast to staff', async () => {
		const { display, token } = await createDisplay(open.db, admin, {
			name: 'Pushed',
			panels: ['breach-tiles'],
			rotateSeconds: 20,
			specialtyCode: '110'
		});
		const socket = connect({ displayId: display.id, token });
		const first = await nextData(socket);
		expect(first.scope).toBe('Trauma & Orthopaedics (110)');
		expect(first.census).toMatch(/^\d{4}-\d{2}-\d{2}$/);

		const waiting = (d: DisplayData) =>
			d.panels[0].figures.find((f) => f.label === 'Waiting')!.value;
		const figures = await breachRisk(
			open.db,
			{ specialty: ['110'], listType: null, siteId: null },
			first.census
		);
		expect(waiting(first)).toBe(figures.tiles.total);

		const heard: string[] = [];
		socket.onAny((event: string) => heard.push(event));
		// what staff are told on the main namespace never reaches the display namespace
		live.realtime.io.emit('waitlist:changed', { specialty: '110', reason: 'test', at: CENSUS });
		live.realtime.io.emit('dashboard:changed', { scopes: ['waitlist'], at: CENSUS });

		// a T&O patient's clock stops: the display hears one fewer is waiting
		const [open110] = await open.db
			.select({ id: pathways.id })
			.from(pathways)
			.where(and(eq(pathways.specialtyCode, '110'), eq(pathways.rttStatus, '20')))
			.limit(1);
		await open.db.update(pathways).set({ rttStatus: '30' }).where(eq(pathways.id, open110.id));
		const pushed = nextData(socket);
		markDashboardsStale('waitlist');
		flushDashboards();
		const second = await pushed;
		expect(waiting(second)).toBe(figures.tiles.total - 1);
		expect(Date.parse(second.generatedAt)).toBeGreaterThanOrEqual(Date.parse(first.generatedAt));
		expect(heard).toEqual(['display:data']);
	});

	it('cuts a display off the moment it is revoked', async () => {
		const { display, token } = await createDisplay(open.db, admin, {
			name: 'Revoked live',
			panels: ['distribution'],
			rotateSeconds: 20
		});
		const socket = connect({ displayId: display.id, token });
		await nextData(socket);
		const told = new Promise<string>((resolve) =>
			socket.once('display:revoked', (p) => resolve(p.message))
		);
		const gone = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
		await revokeDisplay(open.db, admin, display.id);
		expect(await told).toMatch(/revoked/);
		await gone;
		expect(socket.connected).toBe(false);
	});
});
