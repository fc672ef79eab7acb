import { ROLES, type Role } from '@tessera/contracts';
import { useSession } from './session-store';

/** Mirrors the "who" column of docs/api-routes.md; the server still decides. */
export const PERMISSIONS = {
  viewMembers: ['owner', 'admin', 'manager'],
  manageMembers: ['owner', 'admin'],
  manageProjects: ['owner', 'admin', 'manager'],
  viewAudit: ['owner', 'admin', 'auditor'],
  viewAllJobs: ['owner', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/**
 * Roles a person may hand out, as the server's policy says: only an owner
 * makes owners or admins. Offering the others would only earn a 403.
 */
export function assignableRoles(actor: Role | undefined): Role[] {
  if (actor === 'owner') return [...ROLES];
  if (actor === 'admin') return ROLES.filter((r) => r !== 'owner' && r !== 'admin');
  return [];
}

export function can(role: Role | undefined, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function useCan(permission: Permission): boolean {
  return can(useSession((s) => s.user?.role), permission);
}
