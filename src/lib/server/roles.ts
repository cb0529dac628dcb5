import { ROLES } from '../../../db/schema';
import { ROLE_LABELS } from '../access';

export type { Role } from '../../../db/schema';
/** Which role may use what is the access table's to say (src/lib/access.ts). */
export { accessFor, ROLE_LABELS, type Decision as AccessDecision } from '../access';

/** Every role with its label, for a choice of role (the users page). */
export const ROLE_CHOICES = ROLES.map((id) => ({ id, label: ROLE_LABELS[id] }));
