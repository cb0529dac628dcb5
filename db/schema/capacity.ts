import { savedQueryTable } from './savedQueries';

/**
 * Capacity planner scenarios a manager named and saved (issue 15): the planner's whole question
 * (list, spans, scenarios, targets and their date) as its link's query string
 * (`specialty=120&weeks=26&…`, as `plannerSearch` writes it), checked by the planner's own reader
 * when saved and again when opened. Anyone who may plan may open one by its link; only its owner
 * deletes it.
 */
export const capacityScenarios = savedQueryTable('capacity_scenarios');
