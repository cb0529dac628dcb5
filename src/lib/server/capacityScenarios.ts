/**
 * Saved capacity planner scenarios (issue 15): the planner's whole question, named by the person
 * who saved it. The question is kept as the planner link's query string, read by
 * `parsePlannerQuery` on saving (so a bad field is refused by name before anything is written) and
 * again on opening (so an opened scenario is the question a link would ask). Anyone who may use
 * the planner may list and open every saved scenario; only the person who saved one deletes it.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Executor } from '../../../db';
import { capacityScenarios, users } from '../../../db/schema';
import { writeAudit } from './audit';
import type { SessionUser } from './auth';
import {
	parsePlannerQuery,
	plannerSearch,
	PLANNER_FIELDS,
	type PlannerQuery
} from './capacityPlanner';
import { AppError } from './errors';
import { parseInput, unsafeTextIn } from './input';
import { nameTaken, notTheirs, savedNameSchema } from './savedNames';

const saveSchema = z.object({
	name: savedNameSchema('scenario'),
	search: z.string('the planner question to save, as its link writes it')
});

export interface SavedScenario {
	id: number;
	name: string;
	ownerId: number;
	ownerName: string;
	/** The planner link's query string, without `?`. */
	search: string;
	createdAt: Date;
}

/** The question in a link's query string, every field checked; unknown fields are refused. */
function questionOf(search: string, monday: string): PlannerQuery {
	const params = new URLSearchParams(search.replace(/^\?/, ''));
	for (const key of params.keys())
		if (!(PLANNER_FIELDS as readonly string[]).includes(key))
			throw new AppError(
				'invalid',
				`search: unknown field "${key}" (the planner reads ${PLANNER_FIELDS.join(', ')})`
			);
	return parsePlannerQuery(params, monday);
}

export async function saveScenario(
	db: Database,
	actor: SessionUser,
	input: unknown,
	monday: string
): Promise<SavedScenario> {
	const unsafe = unsafeTextIn(input);
	if (unsafe) throw new AppError('invalid', unsafe);
	const { name, search } = parseInput(saveSchema, input);
	const canonical = plannerSearch(questionOf(search, monday)).toString();
	return db.transaction(async (tx) => {
		const [taken] = await tx
			.select({ id: capacityScenarios.id })
			.from(capacityScenarios)
			.where(and(eq(capacityScenarios.ownerId, actor.id), eq(capacityScenarios.name, name)));
		if (taken) throw duplicate(name);
		const [row] = await tx
			.insert(capacityScenarios)
			.values({ name, ownerId: actor.id, search: canonical })
			.onConflictDoNothing()
			.returning();
		// a scenario of this name saved by the same person in the meantime
		if (!row) throw duplicate(name);
		await writeAudit(tx, {
			userId: actor.id,
			action: 'save-capacity-scenario',
			entity: 'capacity_scenario',
			entityId: row.id,
			after: { name, search: canonical }
		});
		return { ...row, ownerName: actor.name };
	});
}

const duplicate = (name: string) => nameTaken('scenario', name);

const listing = {
	id: capacityScenarios.id,
	name: capacityScenarios.name,
	ownerId: capacityScenarios.ownerId,
	ownerName: users.name,
	search: capacityScenarios.search,
	createdAt: capacityScenarios.createdAt
};

/** Every saved scenario, newest first. */
export async function listScenarios(db: Database): Promise<SavedScenario[]> {
	return db
		.select(listing)
		.from(capacityScenarios)
		.innerJoin(users, eq(users.id, capacityScenarios.ownerId))
		.orderBy(desc(capacityScenarios.createdAt), asc(capacityScenarios.name));
}

async function scenarioById(db: Executor, id: number): Promise<SavedScenario> {
	const [row] = await db
		.select(listing)
		.from(capacityScenarios)
		.innerJoin(users, eq(users.id, capacityScenarios.ownerId))
		.where(eq(capacityScenarios.id, id));
	if (!row) throw new AppError('not-found', `No saved scenario ${id}: it may have been deleted`);
	return row;
}

/** A saved scenario and its question, checked as a link's would be (its date must still lie ahead). */
export async function openScenario(
	db: Database,
	id: number,
	monday: string
): Promise<{ scenario: SavedScenario; query: PlannerQuery }> {
	const scenario = await scenarioById(db, id);
	return { scenario, query: questionOf(scenario.search, monday) };
}

export async function deleteScenario(
	db: Database,
	actor: SessionUser,
	id: number
): Promise<{ name: string }> {
	return db.transaction(async (tx) => {
		const scenario = await scenarioById(tx, id);
		if (scenario.ownerId !== actor.id) throw notTheirs(scenario);
		await tx.delete(capacityScenarios).where(eq(capacityScenarios.id, id));
		await writeAudit(tx, {
			userId: actor.id,
			action: 'delete-capacity-scenario',
			entity: 'capacity_scenario',
			entityId: id,
			before: { name: scenario.name, search: scenario.search }
		});
		return { name: scenario.name };
	});
}
