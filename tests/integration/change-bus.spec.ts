/**
 * The change bus on one instance, without Redis (the embedded default): a published change
 * reaches the socket.io clients once and marks the dashboards stale, and an ended session closes
 * its socket, exactly as before multi-instance mode; `publish` resolves once the readers here
 * have it. Real socket.io clients against the app's realtime server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type OpenDatabase } from '../../db';
import { publish } from '../../src/lib/server/changes';
import { cluster } from '../../src/lib/server/cluster/redis';
import { dashboardVersion, flushDashboards } from '../../src/lib/server/dashboards/live';
import { publishSessionsEnded } from '../../src/lib/server/sessionEvents';
import { sessionIdOf, SESSION_COOKIE } from '../../src/lib/server/auth';
import {
	connectSocketAs,
	eventually,
	signedInUser,
	startLiveServer,
	type LiveServer
} from './liveServer';

describe('the change bus on a single instance', () => {
	let open: OpenDatabase;
	let live: LiveServer;
	const sockets: { disconnect(): void }[] = [];

	beforeAll(async () => {
		open = await connect('memory://');
		live = await startLiveServer(open);
	});
	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		await live?.close();
		await open?.close();
	});

	async function watcher(role: 'manager' | 'coordinator') {
		const user = await signedInUser(open, role);
		const socket = connectSocketAs(live.url, user.cookie);
		sockets.push(socket);
		const heard: string[] = [];
		socket.onAny((event: string) => heard.push(event));
		await eventually(() => socket.connected, 'the socket.io connection');
		return { ...user, socket, heard };
	}

	it('sends each event once and marks the dashboards stale, with no Redis at all', async () => {
		expect(cluster()).toBeUndefined();
		const w = await watcher('manager');
		const before = dashboardVersion();
		await publish({ kind: 'recordsChanged', reason: 'test', requestIds: [1] });
		await publish({
			kind: 'bookingsChanged',
			reason: 'moved',
			specialty: null,
			sessionIds: [],
			pathwayIds: []
		});
		flushDashboards();
		expect(dashboardVersion()).toBe(before + 1);
		// one server sends to one socket in order: the flush's event comes after the others (and any
		// second copy of them)
		await eventually(() => w.heard.includes('dashboard:changed'), 'the dashboard event');
		expect(w.heard.sort()).toEqual(['dashboard:changed', 'records:changed', 'waitlist:changed']);
	});

	it('closes the socket of an ended session', async () => {
		const w = await watcher('coordinator');
		const token = w.cookie.slice(SESSION_COOKIE.length + 1);
		publishSessionsEnded({ sessionIds: [sessionIdOf(token)], reason: 'ended' });
		await eventually(() => !w.socket.connected, 'the socket closes');
	});
});
