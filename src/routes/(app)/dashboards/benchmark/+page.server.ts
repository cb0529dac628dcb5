import { REPORTED_SPECIALTIES, TOTAL_SPECIALTY } from '$lib/domain/nationalRtt';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { requirePageAccess } from '$lib/server/guard';
import { pageLoad } from '$lib/server/http/answer';
import { benchmark, importedPeriods, ownFigures } from '$lib/server/nationalRtt';
import type { PageServerLoad } from './$types';

const ORGANISATION_CODE = /^[A-Z0-9]{3,5}$/;
/** Enough columns to read side by side. */
const MAX_PEERS = 8;

function organisationCodes(raw: string | null, field: string): string[] {
	const codes = (raw ?? '')
		.split(',')
		.map((c) => c.trim().toUpperCase())
		.filter(Boolean);
	for (const c of codes)
		if (!ORGANISATION_CODE.test(c))
			throw new AppError(
				'invalid',
				`${field}: an organisation code such as RXX or R0A, not "${c}"`
			);
	return [...new Set(codes)];
}

export const load = pageLoad(async ({ locals, url }) => {
	requirePageAccess(locals);
	const handle = await db();
	const q = url.searchParams;
	const periods = await importedPeriods(handle);
	const specialty = q.get('specialty') || TOTAL_SPECIALTY;
	if (!Object.hasOwn(REPORTED_SPECIALTIES, specialty))
		throw new AppError(
			'invalid',
			`specialty: a national treatment function such as C_110, not "${specialty}"`
		);
	const period = q.get('period') || periods[0] || null;
	if (period !== null && !periods.includes(period))
		throw new AppError(
			'invalid',
			`period: a month that has been imported (${periods.slice(0, 3).join(', ') || 'none yet'}${periods.length > 3 ? ', …' : ''}), not "${period}"`
		);
	const [trust = null] = organisationCodes(q.get('trust'), 'trust');
	const peers = organisationCodes(q.get('peers'), 'peers').filter((c) => c !== trust);
	if (peers.length > MAX_PEERS)
		throw new AppError('invalid', `peers: at most ${MAX_PEERS} trusts, not ${peers.length}`);
	if (period === null) return { periods, period, specialty, trust, peers, figures: null };
	const [national, own] = await Promise.all([
		benchmark(handle, period, specialty, trust ? [trust, ...peers] : peers),
		ownFigures(handle, period, specialty)
	]);
	return { periods, period, specialty, trust, peers, figures: { ...national, own } };
}) satisfies PageServerLoad;
