import { json } from '@sveltejs/kit';
import { requireAccess } from '$lib/server/guard';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => json({ user: requireAccess(locals) });
