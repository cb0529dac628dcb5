import { json } from '@sveltejs/kit';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(({ locals }) => json({ user: requireAccess(locals) }));
