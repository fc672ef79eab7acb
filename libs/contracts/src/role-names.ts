/**
 * Organisation roles. They follow the parties of a trusted data space:
 * operator (owner, admin), service provider (manager, reviewer, annotator),
 * data provider (provider), data user (consumer) and regulator (auditor).
 * Kept free of zod so the browser's first script can decide access without it.
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

/** Roles a person may hold inside one project, on top of their organisation role. */
export const PROJECT_ROLES = ['manager', 'reviewer', 'annotator', 'provider', 'consumer'] as const;

export type Role = (typeof ROLES)[number];
export type ProjectRole = (typeof PROJECT_ROLES)[number];
