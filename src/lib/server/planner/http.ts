import type { SessionUser } from '../auth';
import { requireRole } from '../guard';
import { idParam } from '../records/http';
import { BOARD_EDIT_ROLES, BOARD_VIEW_ROLES } from './boards';

export const boardIdParam = (raw: string): number => idParam(raw, 'board');

export const requireBoardViewer = (locals: App.Locals): SessionUser =>
	requireRole(locals, BOARD_VIEW_ROLES);
export const requireBoardEditor = (locals: App.Locals): SessionUser =>
	requireRole(locals, BOARD_EDIT_ROLES);
