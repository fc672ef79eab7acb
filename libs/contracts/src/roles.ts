import { z } from 'zod';

/**
 * Organisation roles. They follow the parties of a trusted data space:
 * operator (owner, admin), service provider (manager, reviewer, annotator),
 * data provider (provider), data user (consumer) and regulator (auditor).
 */
export const ROLES = [
  'owner',
  'admin',
  'manager',
  'reviewer',
  'annotator',
  'provider',
  'consumer',
  'auditor',
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Roles a person may hold inside one project, on top of their organisation role. */
export const PROJECT_ROLES = ['manager', 'reviewer', 'annotator', 'provider', 'consumer'] as const;
export const projectRoleSchema = z.enum(PROJECT_ROLES);
export type ProjectRole = z.infer<typeof projectRoleSchema>;
