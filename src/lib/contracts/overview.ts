/** The home page's waiting-list overview, as the server sends it. */

/** Open pathways of one specialty against the national thresholds: aggregates only. */
// a type, not an interface, so the database module can read rows into it as they are
export type SpecialtyWaits = {
	specialty: string;
	name: string;
	total: number;
	within18: number;
	over52: number;
	over65: number;
	over78: number;
	over104: number;
	unbooked: number;
};
