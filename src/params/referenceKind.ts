import type { ParamMatcher } from '@sveltejs/kit';
import { isReferenceKind } from '$lib/domain/referenceKinds';

/** `[kind=referenceKind]`: sites, specialties, consultants or staff; anything else is a 404. */
export const match: ParamMatcher = (param) => isReferenceKind(param);
