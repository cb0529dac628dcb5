import { expect, test } from './test';
import { bothOnBoard, type BoardData } from './boards';

/** A pathway as a coordinator is sent it, with the fields a manager must not get. */
type PlannerPathway = BoardData['pathways'][number] & {
	nhsLast4: string;
	daysWaited: number;
	weekBand: number;
};

test("a manager's board shows capacity and waits but no patient; a coordinator's shows them by name", async ({
	browser
}) => {
	// read only: nothing on the board changes
	const [coordinator, manager, board] = await bothOnBoard(
		browser,
		['coordinator@demo.test', 'manager@demo.test'],
		'100'
	);
	const pathways = board.pathways as PlannerPathway[];

	await coordinator.getByLabel('Show').selectOption('all');
	await coordinator.getByLabel('Sort').selectOption('wait');
	await manager.getByLabel('Show').selectOption('all');
	const longest = [...pathways]
		.filter((p) => p.bookedSessionId === null)
		.sort((a, b) => b.daysWaited - a.daysWaited || a.id - b.id)[0];
	await expect(coordinator.getByTestId(`patient-${longest.id}`)).toContainText(longest.name);
	// the manager finds the same row by id, with its priority and weeks waited
	await manager.getByPlaceholder(/Search/).fill(`Patient #${longest.id} (`);
	const row = manager.getByTestId(`patient-${longest.id}`);
	await expect(row).toContainText(`Patient #${longest.id}`);
	await expect(row).toContainText(`${longest.weekBand} wk`);

	// and the list's shape, without anyone in it
	await expect(manager.getByTestId('wait-counts')).toContainText(
		'Waiting by priority and weeks waited'
	);

	const page = await manager.content();
	const leaks = pathways.flatMap((p) => [p.name, `…${p.nhsLast4}`]).filter((s) => page.includes(s));
	expect(leaks).toEqual([]);
	// and the data the page holds for a manager has none either
	const data = await manager.request.get(`/boards/${board.id}/__data.json`);
	const text = await data.text();
	expect(board.pathways.filter((p) => text.includes(p.name)).map((p) => p.name)).toEqual([]);
});
