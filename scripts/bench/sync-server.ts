/**
 * One server for `npm run bench:sync`, in a process of its own so the clients' work does not
 * count as the server's: `--kind waitwise` (ours, over in-memory PGlite with a synthetic board)
 * or `--kind reference` (@y/websocket-server's setupWSConnection, no checks, no persistence).
 * Prints one JSON line with the port and what the clients need, then serves GET /mem.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { connect, registerDatabase } from '../../db';
import { boards, patients, pathways, sessions, sites, specialties, users } from '../../db/schema';
import { addDays } from '../../src/lib/domain/rtt';
import { trustToday } from '../../src/lib/server/trustCalendar';
import { createSession } from '../../src/lib/server/auth';

const { values } = parseArgs({
	options: { kind: { type: 'string' }, writers: { type: 'string' }, viewers: { type: 'string' } }
});
const writers = Number(values.writers);
const viewers = Number(values.viewers);

const server = createServer((req, res) => {
	if (req.url === '/mem') {
		global.gc?.();
		const m = process.memoryUsage();
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed }));
		return;
	}
	res.writeHead(404);
	res.end();
});

const config: Record<string, unknown> = {};
if (values.kind === 'reference') {
	const { setupWSConnection } = await import('@y/websocket-server/utils');
	const wss = new WebSocketServer({ noServer: true });
	server.on('upgrade', (req, socket, head) => {
		wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName: 'bench' }));
	});
	config.pathwayIds = Array.from({ length: 600 }, (_, i) => i + 1);
	config.sessionIds = Array.from({ length: 40 }, (_, i) => i + 1);
	config.boardId = 'bench';
	config.writerCookies = Array(writers).fill('');
	config.writerAuthors = Array.from({ length: writers }, (_, i) => ({
		id: i + 1,
		name: `writer ${i}`
	}));
	config.viewerCookies = Array(viewers).fill('');
} else {
	const open = await connect('memory://');
	registerDatabase(open);
	const { db } = open;
	const today = await trustToday(db);
	await db.insert(specialties).values({ code: '120', name: 'ENT' });
	const [site] = await db.insert(sites).values({ code: 'B1', name: 'Bench General' }).returning();
	const sessionRows = await db
		.insert(sessions)
		.values(
			Array.from({ length: 40 }, (_, i) => ({
				kind: 'clinic' as const,
				date: addDays(today, 1 + Math.floor(i / 2)),
				startTime: i % 2 ? '13:30' : '08:30',
				endTime: i % 2 ? '17:30' : '12:30',
				bookableMinutes: 240,
				slotMinutes: 20,
				specialtyCode: '120',
				siteId: site.id
			}))
		)
		.returning({ id: sessions.id });
	const patientRows = await db
		.insert(patients)
		.values(
			Array.from({ length: 600 }, (_, i) => ({
				nhsNumber: `999${String(i).padStart(7, '0')}`,
				givenName: 'Bench',
				familyName: `Patient${i}`,
				dateOfBirth: '1970-01-01',
				sex: 'female'
			}))
		)
		.returning({ id: patients.id });
	const pathwayRows = await db
		.insert(pathways)
		.values(
			patientRows.map((p, i) => ({
				patientId: p.id,
				specialtyCode: '120',
				listType: 'outpatient' as const,
				clockStart: addDays(today, -(i % 400)),
				priority: 'P4' as const,
				decisionDate: addDays(today, -(i % 400)),
				expectedMinutes: 20
			}))
		)
		.returning({ id: pathways.id });
	const [board] = await db
		.insert(boards)
		.values({
			name: 'Bench',
			specialtyCode: '120',
			horizonStart: today,
			horizonEnd: addDays(today, 41)
		})
		.returning();
	// Users straight into the table: the bench measures sync, not 300 password hashes.
	const make = async (role: 'coordinator' | 'manager', n: number) => {
		const rows = await db
			.insert(users)
			.values(
				Array.from({ length: n }, (_, i) => ({
					email: `${role}${i}@bench.test`,
					name: `${role} ${i}`,
					role,
					passwordHash: 'x'
				}))
			)
			.returning({ id: users.id, name: users.name });
		const cookies: string[] = [];
		for (const r of rows) cookies.push(`ww_session=${(await createSession(db, r.id)).token}`);
		return { cookies, authors: rows };
	};
	const writerUsers = await make('coordinator', writers);
	config.writerCookies = writerUsers.cookies;
	// writers sign their edits as the app does, so the server keeps them as written (no restamp)
	config.writerAuthors = writerUsers.authors;
	config.viewerCookies = (await make('manager', viewers)).cookies;
	config.pathwayIds = pathwayRows.map((p) => p.id);
	config.sessionIds = sessionRows.map((s) => s.id);
	config.boardId = board.id;
	const { attachRealtime } = await import('../../server/realtime');
	attachRealtime(server);
}

server.listen(0, '127.0.0.1', () => {
	config.port = (server.address() as AddressInfo).port;
	console.log(JSON.stringify(config));
});
