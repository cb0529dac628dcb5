import { error } from '@sveltejs/kit';

export function boardIdParam(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(400, `not a board id: ${raw}`);
	return id;
}
