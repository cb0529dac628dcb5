/**
 * Who may hand on work, through the real form actions on a real database: staff take work nobody
 * holds and put their own back; moving work between people is for team leaders and admins; anyone
 * else takes over another person's item only by saying so, audited, and that person is told over
 * their own socket. Case-note requests, validation tasks and summarising claims.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import type { OpenDatabase } from '../../db';
import {
	auditLog,
	caseNoteRequests,
	summarisingItems,
	validationAssignments
} from '../../db/schema';
import type { ServerToClientEvents } from '../../src/lib/contracts/realtime/events';
import type { SessionUser } from '../../src/lib/server/auth';
import { claimItem, reassignItem } from '../../src/lib/server/records/summarising';
import { actions as recordsPage } from '../../src/routes/(app)/records/+page.server';
import { actions as validationPage } from '../../src/routes/(app)/validation/+page.server';
import { targets } from './databases';
import { addLibrary, addPathway, addPatient, addTestSite } from './fixtures';
import { refusal } from './refusal';
import { requestEvent, runAction } from './requestEvent';
import {
	connectSocketAs,
	eventually,
	signedInUser,
	startLiveServer,
	type LiveServer
} from './liveServer';

type TakenOver = Parameters<ServerToClientEvents['work:taken-over']>[0];

describe.each(targets)('who may hand on work on $name', (target) => {
	let open: OpenDatabase;
	let live: LiveServer;
	let people: Record<
		'lead' | 'rita' | 'ravi' | 'cara' | 'cole' | 'hana' | 'hugo',
		{ user: SessionUser; cookie: string }
	>;
	let patientId: number;
	let libraryId: number;
	const sockets: Socket[] = [];

	/** What a person's own socket is told about their work being taken over. */
	async function inbox(cookie: string) {
		const got: TakenOver[] = [];
		const socket = connectSocketAs(live.url, cookie);
		sockets.push(socket);
		socket.on('work:taken-over', (t: TakenOver) => got.push(t));
		await eventually(() => socket.connected, 'the socket connects');
		return got;
	}
	const form = (who: SessionUser, fields: Record<string, string | string[]>) =>
		requestEvent('/records', { form: fields, user: who, action: 'assign' });
	const newRequest = async (assignedTo: number | null) => {
		const [r] = await open.db
			.insert(caseNoteRequests)
			.values({
				patientId,
				reason: 'ward',
				urgency: 'routine',
				neededBy: new Date(Date.now() + 86_400_000),
				homeLocationId: libraryId,
				assignedTo
			})
			.returning();
		return r.id;
	};
	const holderOf = async (id: number) =>
		(await open.db.select().from(caseNoteRequests).where(eq(caseNoteRequests.id, id)))[0]
			.assignedTo;
	const auditOf = async (entity: string, id: number) =>
		(
			await open.db
				.select()
				.from(auditLog)
				.where(eq(auditLog.entityId, String(id)))
		)
			.filter((a) => a.entity === entity)
			.map((a) => ({ action: a.action, userId: a.userId, before: a.before, after: a.after }));

	beforeAll(async () => {
		open = await target.open();
		live = await startLiveServer(open);
		people = {
			lead: await signedInUser(open, 'team_leader', 'Tess Teamlead'),
			rita: await signedInUser(open, 'records', 'Rita Records'),
			ravi: await signedInUser(open, 'records', 'Ravi Records'),
			cara: await signedInUser(open, 'coordinator', 'Cara Coordinator'),
			cole: await signedInUser(open, 'coordinator', 'Cole Coordinator'),
			hana: await signedInUser(open, 'summariser', 'Hana Summariser'),
			hugo: await signedInUser(open, 'summariser', 'Hugo Summariser')
		};
		libraryId = await addLibrary(open, await addTestSite(open, ['120']));
		patientId = await addPatient(open, {
			nhsNumber: '9990000026',
			givenName: 'Tia',
			familyName: 'Test',
			dateOfBirth: '1980-01-01',
			sex: 'F'
		});
	});
	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		await live?.close();
		await open?.close();
	});

	describe('case-note requests (?/assign)', () => {
		it('lets records staff take unassigned work and put their own back', async () => {
			const { ravi } = people;
			const id = await newRequest(null);
			expect(await runAction(recordsPage.assign, form(ravi.user, { ids: [String(id)] }))).toEqual({
				ok: '1 request assigned'
			});
			expect(await holderOf(id)).toBe(ravi.user.id);
			await runAction(
				recordsPage.assign,
				form(ravi.user, { ids: [String(id)], assigneeId: 'none' })
			);
			expect(await holderOf(id)).toBeNull();
		});

		it('refuses to let a clerk take over another clerk’s request without saying so', async () => {
			const { rita, ravi } = people;
			const id = await newRequest(rita.user.id);
			const answer = await runAction(recordsPage.assign, form(ravi.user, { ids: [String(id)] }));
			expect(answer).toMatchObject({
				status: 409,
				data: {
					message:
						"The request for TEST, Tia's notes is held by Rita Records. Take it over explicitly (they will be told), or ask a team leader"
				}
			});
			// Nor put it back in the pool, nor hand work to someone else.
			expect(
				await runAction(
					recordsPage.assign,
					form(ravi.user, { ids: [String(id)], assigneeId: 'none' })
				)
			).toMatchObject({ status: 403 });
			const unheld = await newRequest(null);
			expect(
				await runAction(
					recordsPage.assign,
					form(ravi.user, { ids: [String(unheld)], assigneeId: String(rita.user.id) })
				)
			).toMatchObject({ status: 403 });
			expect(await holderOf(unheld)).toBeNull();
			expect(await holderOf(id)).toBe(rita.user.id);
		});

		it('lets a clerk take over explicitly: audited, and the previous holder is told', async () => {
			const { rita, ravi } = people;
			const told = await inbox(rita.cookie);
			const id = await newRequest(rita.user.id);
			expect(
				await runAction(recordsPage.assign, form(ravi.user, { ids: [String(id)], takeOver: '1' }))
			).toEqual({
				ok: '1 request assigned (taken over from Rita Records)'
			});
			expect(await holderOf(id)).toBe(ravi.user.id);
			expect(await auditOf('case_note_request', id)).toEqual([
				{
					action: 'take-over-case-note-request',
					userId: ravi.user.id,
					before: { assignedTo: rita.user.id },
					after: { assignedTo: ravi.user.id }
				}
			]);
			await eventually(() => told.length > 0, 'Rita is told');
			expect(told[0]).toMatchObject({
				kind: 'request',
				ids: [id],
				by: { id: ravi.user.id, name: 'Ravi Records' }
			});
		});

		it('lets a team leader move work between people', async () => {
			const { lead, rita, ravi } = people;
			const id = await newRequest(rita.user.id);
			await runAction(
				recordsPage.assign,
				form(lead.user, { ids: [String(id)], assigneeId: String(ravi.user.id) })
			);
			expect(await holderOf(id)).toBe(ravi.user.id);
			expect((await auditOf('case_note_request', id)).map((a) => a.action)).toEqual([
				'assign-case-note-request'
			]);
		});
	});

	describe('validation tasks (?/assign)', () => {
		let pathwayId: number;
		const vform = (who: SessionUser, fields: Record<string, string | string[]>) =>
			requestEvent('/validation', { form: fields, user: who, action: 'assign' });
		const holder = async () =>
			(
				await open.db
					.select()
					.from(validationAssignments)
					.where(eq(validationAssignments.pathwayId, pathwayId))
			)[0]?.assignedTo ?? null;

		beforeAll(async () => {
			pathwayId = await addPathway(open, patientId, {
				clockStart: '2026-01-05',
				priority: null,
				decisionDate: null,
				procedure: null,
				expectedMinutes: 20
			});
		});

		it('lets a coordinator take an open task, but not another coordinator’s, silently', async () => {
			const { cara, cole } = people;
			await runAction(validationPage.assign, vform(cara.user, { pathwayIds: [String(pathwayId)] }));
			expect(await holder()).toBe(cara.user.id);
			expect(
				await runAction(
					validationPage.assign,
					vform(cole.user, { pathwayIds: [String(pathwayId)] })
				)
			).toMatchObject({
				status: 409,
				data: {
					message: expect.stringContaining("TEST, Tia's validation is held by Cara Coordinator")
				}
			});
			expect(
				await runAction(
					validationPage.assign,
					vform(cole.user, { pathwayIds: [String(pathwayId)], assigneeId: 'none' })
				)
			).toMatchObject({ status: 403 });
			expect(await holder()).toBe(cara.user.id);
		});

		it('lets a coordinator take one over explicitly: audited, and the holder is told', async () => {
			const { cara, cole } = people;
			const told = await inbox(cara.cookie);
			expect(
				await runAction(
					validationPage.assign,
					vform(cole.user, { pathwayIds: [String(pathwayId)], takeOver: '1' })
				)
			).toEqual({ ok: '1 task assigned (taken over from Cara Coordinator)' });
			expect(await holder()).toBe(cole.user.id);
			expect((await auditOf('pathway', pathwayId)).at(-1)).toEqual({
				action: 'take-over-validation',
				userId: cole.user.id,
				before: { assignedTo: cara.user.id },
				after: { assignedTo: cole.user.id }
			});
			await eventually(() => told.length > 0, 'Cara is told');
			expect(told[0]).toMatchObject({
				kind: 'validation',
				ids: [pathwayId],
				by: { name: 'Cole Coordinator' }
			});
		});

		it('refuses a coordinator handing tasks to someone else; a team leader may', async () => {
			const { cara, cole, lead } = people;
			expect(
				await runAction(
					validationPage.assign,
					vform(cole.user, { pathwayIds: [String(pathwayId)], assigneeId: String(cara.user.id) })
				)
			).toMatchObject({ status: 403 });
			await runAction(
				validationPage.assign,
				vform(lead.user, { pathwayIds: [String(pathwayId)], assigneeId: String(cara.user.id) })
			);
			expect(await holder()).toBe(cara.user.id);
		});
	});

	describe('summarising claims', () => {
		it('stay with their holder: nobody claims a claimed item, and a summariser cannot pass one on', async () => {
			const { hana, hugo, lead } = people;
			const [item] = await open.db
				.insert(summarisingItems)
				.values({ patientId, source: 'clinic letter', receivedAt: new Date() })
				.returning();
			await claimItem(open.db, hana.user, item.id);
			expect((await refusal(claimItem(open.db, hugo.user, item.id))).status).toBe(409);
			expect(await refusal(reassignItem(open.db, hana.user, item.id, hugo.user.id))).toMatchObject({
				status: 403
			});
			await reassignItem(open.db, lead.user, item.id, hugo.user.id);
			const [after] = await open.db
				.select()
				.from(summarisingItems)
				.where(eq(summarisingItems.id, item.id));
			expect(after.claimedBy).toBe(hugo.user.id);
		});
	});
});
