import type { Role } from '../../../db/schema';

export type { Role };
/** Which role may use what is the access table's to say (src/lib/access.ts). */
export { accessFor, type Decision as AccessDecision } from '../access';

export const ROLE_LABELS: Record<Role, string> = {
	admin: 'Administrator',
	coordinator: 'Waiting list coordinator',
	team_leader: 'Team leader',
	records: 'Health records',
	summariser: 'Medical summariser',
	manager: 'Service manager',
	display: 'Office display'
};
