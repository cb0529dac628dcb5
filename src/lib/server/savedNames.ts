/**
 * The rules every named, saved question shares (capacity scenarios, issue 15; PTL views, issue
 * 12): a name of 1 to SAVED_NAME_MAX characters once trimmed, unique for the person who saved it,
 * and deleted only by them. Each says what it names (`scenario`, `view`) in its refusals.
 */
import { z } from 'zod';
import { SAVED_NAME_MAX } from '../../../db/schema';
import { AppError } from './errors';

export { SAVED_NAME_MAX };

/** The `name` field of a save. */
export const savedNameSchema = (what: string) =>
	z
		.string(`give the ${what} a name`)
		.trim()
		.min(1, `give the ${what} a name`)
		.max(SAVED_NAME_MAX, `at most ${SAVED_NAME_MAX} characters`);

/** The same person saving a second one of a name (the table's unique index says so too). */
export const nameTaken = (what: string, name: string) =>
	new AppError(
		'conflict',
		`name: you have already saved a ${what} called "${name}": choose another name or delete that one`
	);

/** Someone deleting what another saved. */
export const notTheirs = (saved: { ownerName: string; name: string }) =>
	new AppError('forbidden', `Only ${saved.ownerName}, who saved "${saved.name}", may delete it`);
