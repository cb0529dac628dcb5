import { idParam } from '../records/http';

export const boardIdParam = (raw: string): number => idParam(raw, 'board');
