/**
 * The kinds of reference file a trust imports (referenceImport.ts has their columns and checks).
 * On its own, free of imports, because the access table names them as a path parameter's values.
 */
export const REFERENCE_KINDS = ['sites', 'specialties', 'consultants', 'staff'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export function isReferenceKind(kind: string): kind is ReferenceKind {
	return (REFERENCE_KINDS as readonly string[]).includes(kind);
}
