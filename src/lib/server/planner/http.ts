import { error } from '@sveltejs/kit';
import type { SessionUser } from '../auth';
import { requireRole } from '../guard';
import { BOARD_EDIT_ROLES, BOARD_VIEW_ROLES } from './boards';

export function boardIdParam(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(400, `not a board id: ${raw}`);
	return id;
}

export const requireBoardViewer = (locals: App.Locals): SessionUser => requireRole(locals, BOARD_VIEW_ROLES);
export const requireBoardEditor = (locals: App.Locals): SessionUser => requireRole(locals, BOARD_EDIT_ROLES);
