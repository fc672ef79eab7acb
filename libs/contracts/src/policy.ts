import type { Role } from './roles';

/**
 * How far a grant reaches:
 * - `org`: every resource of that kind in the actor's organisation;
 * - `project`: only in projects the actor is a member of;
 * - `own`: only what the actor created or is.
 */
export type Reach = 'org' | 'project' | 'own';

const STAFF = { owner: 'org', admin: 'org' } as const;
const MANAGERS = { ...STAFF, manager: 'org' } as const;
const EVERYONE_OWN = {
  owner: 'own', admin: 'own', manager: 'own', reviewer: 'own', annotator: 'own', provider: 'own', consumer: 'own', auditor: 'own',
} as const;

/**
 * The decision table: action × role → reach. A role missing from a row may not
 * act at all (403). Every route names one action; every list query narrows by
 * the reach it gets here. Nothing else decides who may do what.
 */
export const POLICY = {
  'self.read': EVERYONE_OWN,
  'self.update': EVERYONE_OWN,
  // API tokens: everyone makes their own (a consumer's downloads, an auditor's reads); operators see and revoke any.
  'tokens.manage': { ...EVERYONE_OWN, ...STAFF },
  'members.read': MANAGERS,
  'members.update': STAFF,
  'members.remove': STAFF,
  'invitations.read': STAFF,
  'invitations.create': STAFF,
  'invitations.revoke': STAFF,
  'projects.read': {
    ...MANAGERS, auditor: 'org', reviewer: 'project', annotator: 'project', provider: 'project', consumer: 'project',
  },
  'projects.create': MANAGERS,
  'projects.update': MANAGERS,
  'projects.archive': MANAGERS,
  // Deleting a project takes all its data, releases and exports with it, for good: the organisation's operators, once it is archived.
  'projects.delete': STAFF,
  'projects.members.manage': MANAGERS,
  // Raw data: never the auditor's, and only in one's own projects below manager.
  'assets.read': { ...MANAGERS, reviewer: 'project', annotator: 'project', provider: 'project', consumer: 'project' },
  'assets.upload': { ...MANAGERS, provider: 'project' },
  // Deleting takes the asset's annotations and tasks with it: those who run projects.
  'assets.delete': MANAGERS,
  // Server folders are the machine's, so only those who run projects reach them, and only under allowlisted roots.
  'assets.import': MANAGERS,
  // Letting a quarantined series (possible burned-in patient data) be seen is an operator's call.
  'assets.release': STAFF,
  // Originals hold patient identity: operators only, and every read is audited.
  'assets.originals': STAFF,
  // Annotations are derived from raw data: whoever may see the asset may see them.
  'annotations.read': { ...MANAGERS, reviewer: 'project', annotator: 'project', provider: 'project', consumer: 'project' },
  // Until tasks narrow it to the assignee and the reviewer, the project's annotators and reviewers edit its annotations.
  'annotations.edit': { ...MANAGERS, reviewer: 'project', annotator: 'project' },
  // Work distribution. Batches and assignment are the managers'; the work itself is the annotators' and reviewers'.
  'batches.read': { ...MANAGERS, auditor: 'org', reviewer: 'project' },
  'batches.manage': MANAGERS,
  'gold.manage': MANAGERS,
  // Annotators see their own tasks, reviewers their projects' (to review them), managers all.
  'tasks.read': { ...MANAGERS, reviewer: 'project', annotator: 'own' },
  'tasks.work': { ...MANAGERS, reviewer: 'project', annotator: 'project' },
  'tasks.review': { ...MANAGERS, reviewer: 'project' },
  'tasks.comment': { ...MANAGERS, reviewer: 'project', annotator: 'own' },
  // Reports: the managers', and the auditor's (figures, never raw data).
  'dashboard.read': { ...MANAGERS, auditor: 'org' },
  'dashboard.own': { ...MANAGERS, reviewer: 'own', annotator: 'own' },
  // Quality figures are reports: the managers' and the auditor's. Consensus review is the reviewers' work too.
  'quality.read': { ...MANAGERS, auditor: 'org' },
  'quality.review': { ...MANAGERS, reviewer: 'project' },
  'quality.manage': MANAGERS,
  // Qualification: annotators take it in their projects; everyone sees where they stand.
  'qualification.take': { ...MANAGERS, reviewer: 'project', annotator: 'project' },
  // Exports: those who run projects take a project's annotations out (consumers get releases, not exports).
  'exports.create': MANAGERS,
  // Importing a peer file writes annotations (or predictions) into many assets at once: those who run projects.
  'annotations.import': MANAGERS,
  // Releases: managers cut and grant them; a consumer reaches only what was granted to them (checked per release).
  'releases.manage': MANAGERS,
  'releases.read': { ...MANAGERS, auditor: 'org', consumer: 'own' },
  // Taking the archive is not the auditor's (figures, never data): managers, and consumers through their grants.
  'releases.download': { ...MANAGERS, consumer: 'own' },
  'webhooks.manage': STAFF,
  // Models (pre-annotation): those who run projects add them, enable them per project and run them.
  'models.manage': MANAGERS,
  // Auto-annotate: whoever may edit the asset open in their editor runs one of its project's enabled models on it.
  'models.run': { ...MANAGERS, reviewer: 'project', annotator: 'project' },
  'audit.read': { ...STAFF, auditor: 'org' },
  'audit.export': { ...STAFF, auditor: 'org' },
  'jobs.read': { ...EVERYONE_OWN, ...STAFF },
  // The queue board (/admin/queues) shows the installation's job queues: the operators'.
  'queues.view': STAFF,
} as const satisfies Record<string, Partial<Record<Role, Reach>>>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

export function reachOf(role: Role, action: Action): Reach | null {
  return (POLICY[action] as Partial<Record<Role, Reach>>)[role] ?? null;
}

export function allows(role: Role, action: Action): boolean {
  return reachOf(role, action) !== null;
}

/** Roles a person may hand out: nobody creates an owner by invitation, and only an owner makes admins. */
export function canAssignRole(actorRole: Role, target: Role): boolean {
  if (target === 'owner') return actorRole === 'owner';
  if (target === 'admin') return actorRole === 'owner';
  return actorRole === 'owner' || actorRole === 'admin';
}
