export type { Role } from '../../../db/schema';
/** Which role may use what is the access table's to say (src/lib/access.ts). */
export { accessFor, ROLE_LABELS, type Decision as AccessDecision } from '../access';
