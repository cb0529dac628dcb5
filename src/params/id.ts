import type { ParamMatcher } from '@sveltejs/kit';
import { isId } from '$lib/contracts/id';

/** `[id=id]`: a path segment that is not an id (1 to 2^31 - 1) matches no route, so it is a 404. */
export const match: ParamMatcher = (param) => isId(param);
