/**
 * The home page a role opens each morning (issue 13): what that role's day starts from, each
 * figure counted by the same function as the page it links to, so the two always agree.
 */
import type { Database } from '../../../db';
import type { Role } from '../../../db/schema';
import { accessFor, pathOf } from '../access';
import type { BoardInfo } from '../contracts/planner/reference';
import type { SpecialtyWaits } from '../contracts/overview';
import { waitsBySpecialty } from './overview';
import { listBoards } from './planner/boards';
import { PTL_PAGE_SIZES } from '../contracts/ptl';
import { queryPtl, ptlFiltersSchema } from './ptl';
import { pullList } from './records/worklists';
import { summarisingQueue } from './records/summarising';
import { teamView } from './records/team';
import { validationWorklist, worklistFiltersSchema } from './records/validation';

/** The pages a home tile leads to (route ids, for the page's `resolve`). */
export type HomeRoute =
	'/(app)/validation' | '/(app)/ptl' | '/(app)/records' | '/(app)/summarising' | '/(app)/team';

/** One figure with where to act on it. */
export interface HomeTile {
	label: string;
	figure: number;
	route: HomeRoute;
	/** The list's filters, as a query string ("?priority=…"), when the tile counts part of it. */
	query?: string;
	/** A second line: what the figure counts, or what is late within it. */
	detail?: string;
}

export interface HomeView {
	census: string;
	/** The role's own work, first thing on the page. */
	tiles: HomeTile[];
	/** Planning boards, for roles that plan or watch them. */
	boards: BoardInfo[] | null;
	/** The whole list by specialty, for roles that manage it. */
	overview: SpecialtyWaits[] | null;
}

type Section = 'validation' | 'urgentUnbooked' | 'pullList' | 'myQueue' | 'team';

/** What each role's home shows, first to last. */
const HOME: Record<Role, { tiles: Section[]; boards: boolean; overview: boolean }> = {
	coordinator: { tiles: ['validation', 'urgentUnbooked'], boards: true, overview: false },
	team_leader: { tiles: ['team', 'validation', 'urgentUnbooked'], boards: true, overview: false },
	records: { tiles: ['pullList'], boards: false, overview: false },
	summariser: { tiles: ['myQueue'], boards: false, overview: false },
	manager: { tiles: [], boards: true, overview: true },
	admin: { tiles: [], boards: false, overview: true },
	display: { tiles: [], boards: false, overview: false }
};

/** The page each section's tile leads to: the one whose count it shows. */
const SECTION_ROUTE: Record<Section, HomeRoute> = {
	validation: '/(app)/validation',
	urgentUnbooked: '/(app)/ptl',
	pullList: '/(app)/records',
	myQueue: '/(app)/summarising',
	team: '/(app)/team'
};

/** Unbooked P1 and P2 patients: the PTL's own filter, so the tile and the list agree. */
export const URGENT_UNBOOKED_QUERY = '?priority=P1a,P1b,P2&booked=unbooked';

export async function homeView(
	db: Database,
	user: { id: number; role: Role },
	census: string,
	now = new Date()
): Promise<HomeView> {
	const plan = HOME[user.role];
	// A section shows only where the role may open the page it links to (src/lib/access.ts).
	const may = (route: string) => accessFor(pathOf(route), user.role) === 'allow';
	const tiles: HomeTile[] = [];
	for (const section of plan.tiles) {
		const route = SECTION_ROUTE[section];
		if (may(route))
			tiles.push({ ...(await sectionTile(db, section, user.id, census, now)), route });
	}
	return {
		census,
		tiles,
		boards: plan.boards && may('/(app)/boards') ? await listBoards(db) : null,
		overview: plan.overview ? await waitsBySpecialty(db, census) : null
	};
}

async function sectionTile(
	db: Database,
	section: Section,
	userId: number,
	census: string,
	now: Date
): Promise<Omit<HomeTile, 'route'>> {
	switch (section) {
		case 'validation': {
			const list = await validationWorklist(
				db,
				worklistFiltersSchema.parse({ pageSize: '1' }),
				census,
				userId
			);
			return { label: 'Pathways to validate', figure: list.total };
		}
		case 'urgentUnbooked': {
			const query = new URLSearchParams(URGENT_UNBOOKED_QUERY);
			const ptl = await queryPtl(
				db,
				ptlFiltersSchema.parse({
					...Object.fromEntries(query),
					pageSize: String(PTL_PAGE_SIZES[0])
				}),
				census
			);
			return {
				label: 'P1 and P2 patients not booked',
				figure: ptl.total,
				query: URGENT_UNBOOKED_QUERY
			};
		}
		case 'pullList': {
			const list = await pullList(db, census, now);
			return {
				label: "Case notes on today's pull list",
				figure: list.total,
				detail:
					list.late > 0 ? `${list.late.toLocaleString('en-GB')} carried over, late` : undefined
			};
		}
		case 'myQueue': {
			const queue = await summarisingQueue(db, userId, { pageSize: 1, now });
			return {
				label: 'Summaries I hold',
				figure: queue.mine.length,
				detail: `${queue.awaitingTotal.toLocaleString('en-GB')} waiting to be claimed`
			};
		}
		case 'team': {
			const team = await teamView(db, now);
			const held = team.people.reduce((n, p) => n + p.items.length, 0);
			return {
				label: 'Work held by the team',
				figure: held,
				detail: `${team.unassigned.items.length.toLocaleString('en-GB')} case-note requests due now with no one`
			};
		}
	}
}
