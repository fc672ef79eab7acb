import { z } from 'zod';
import { PROJECT_ROLES, ROLES } from './role-names';

export { PROJECT_ROLES, ROLES };
export type { ProjectRole, Role } from './role-names';
export const roleSchema = z.enum(ROLES);

export const projectRoleSchema = z.enum(PROJECT_ROLES);
