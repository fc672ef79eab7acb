import { ROLES, allows, canAssignRole, reachOf, type Action, type Role } from '@tessera/contracts/access';
import { useSession } from './session-store';

/** What the UI offers follows the server's decision table; the server still decides. */
export const PERMISSIONS = {
  viewMembers: 'members.read',
  manageMembers: 'members.update',
  manageProjects: 'projects.update',
  deleteProjects: 'projects.delete',
  viewAudit: 'audit.read',
  manageWebhooks: 'webhooks.manage',
  viewAllJobs: 'jobs.read',
  viewData: 'assets.read',
  uploadData: 'assets.upload',
  releaseData: 'assets.release',
  deleteData: 'assets.delete',
  viewBatches: 'batches.read',
  manageBatches: 'batches.manage',
  manageGold: 'gold.manage',
  workTasks: 'tasks.work',
  reviewTasks: 'tasks.review',
  commentTasks: 'tasks.comment',
  viewDashboard: 'dashboard.read',
  ownDashboard: 'dashboard.own',
  correctAnyWork: 'annotations.edit',
  viewQuality: 'quality.read',
  reviewConsensus: 'quality.review',
  manageQuality: 'quality.manage',
  takeQualification: 'qualification.take',
  viewQueues: 'queues.view',
  exportData: 'exports.create',
  importAnnotations: 'annotations.import',
  manageReleases: 'releases.manage',
  readReleases: 'releases.read',
  downloadReleases: 'releases.download',
  manageModels: 'models.manage',
  manageAllTokens: 'tokens.manage',
} as const satisfies Record<string, Action>;
export type Permission = keyof typeof PERMISSIONS;

/** Roles a person may hand out; offering the others would only earn a 403. */
export function assignableRoles(actor: Role | undefined): Role[] {
  return actor ? ROLES.filter((r) => canAssignRole(actor, r)) : [];
}

/** Offered only with the action's organisation-wide reach: every job run (everyone sees their own), work that is someone else's task, everyone's API tokens. */
const ORG_WIDE: ReadonlySet<Permission> = new Set(['viewAllJobs', 'correctAnyWork', 'manageAllTokens']);

export function can(role: Role | undefined, permission: Permission): boolean {
  if (!role) return false;
  if (ORG_WIDE.has(permission)) return reachOf(role, PERMISSIONS[permission]) === 'org';
  return allows(role, PERMISSIONS[permission]);
}

export function useCan(permission: Permission): boolean {
  return can(useSession((s) => s.user?.role), permission);
}
