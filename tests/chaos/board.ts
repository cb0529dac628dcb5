/**
 * A board to break: the integration fixture's waiting list, three ENT clinics, one board, two
 * coordinators and a manager with live sessions. Seeded from the test process before the server
 * opens the same database.
 */
import type { OpenDatabase } from '../../db';
import { boards, sessions } from '../../db/schema';
import { addDays } from '../../src/lib/domain/rtt';
import { CENSUS, loadFixture } from '../integration/fixtures';
import { signedInUser } from '../integration/liveServer';

type Person = Awaited<ReturnType<typeof signedInUser>>;

export interface ChaosBoard {
	boardId: number;
	/** Unbooked ENT pathways on the board, as allocation keys. */
	pathwayIds: number[];
	sessionIds: number[];
	coordinators: [Person, Person];
	manager: Person;
}

export async function seedChaosBoard(open: OpenDatabase): Promise<ChaosBoard> {
	const ids = await loadFixture(open);
	const [site] = await open.query<{ id: number }>('select id from sites limit 1');
	const clinic = (days: number) => ({
		kind: 'clinic' as const,
		date: addDays(CENSUS, days),
		startTime: '09:00',
		endTime: '13:00',
		bookableMinutes: 240,
		specialtyCode: '120',
		siteId: site.id
	});
	const made = await open.db
		.insert(sessions)
		.values([clinic(2), clinic(3), clinic(4)])
		.returning({ id: sessions.id });
	const [board] = await open.db
		.insert(boards)
		.values({
			name: 'ENT chaos',
			specialtyCode: '120',
			horizonStart: CENSUS,
			horizonEnd: addDays(CENSUS, 41)
		})
		.returning();
	return {
		boardId: board.id,
		pathwayIds: [ids.a, ids.b, ids.c],
		sessionIds: made.map((m) => m.id),
		coordinators: [
			await signedInUser(open, 'coordinator', 'Cora Chaos'),
			await signedInUser(open, 'coordinator', 'Cody Chaos')
		],
		manager: await signedInUser(open, 'manager', 'Mona Watcher')
	};
}
