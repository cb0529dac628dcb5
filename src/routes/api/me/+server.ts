import { json } from '@sveltejs/kit';
import { requireRole } from '$lib/server/guard';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => json({ user: requireRole(locals, 'any') });
