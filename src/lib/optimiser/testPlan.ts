/** For tests: the first component's plan of a problem, empty, with its model. */
import { type ParsedProblem, parseProblem, type PlanningProblem } from '../domain/planning/problem';
import { buildComponents, buildPools, PoolIndex } from './components';
import { Loads, Model } from './model';
import { ComponentPlan } from './plan';

export function firstComponentPlan(problem: PlanningProblem | ParsedProblem): ComponentPlan {
	const model = new Model(parseProblem(problem));
	const loads = new Loads(model);
	const index = new PoolIndex(model, loads, buildPools(model, loads));
	const { components } = buildComponents(
		index,
		model,
		model.patients.map((p) => p.index)
	);
	return new ComponentPlan(model, loads, index, components[0]);
}
