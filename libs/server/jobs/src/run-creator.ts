import type { DataSource } from 'typeorm';
import { reachOf, type Action, type Role } from '@tessera/contracts';

/**
 * Who started a run, if they may still do `action` in the project now: a
 * job acting in someone's name checks again when it runs, not only when it
 * was asked for, since they may have been demoted or taken off the project
 * meanwhile. Null when they may not (or the run has no creator).
 */
export async function runCreatorWhoMay(db: DataSource, jobRunId: string, orgId: string, projectId: string, action: Action): Promise<string | null> {
  const [run] = await db.query<{ created_by: string | null; role: Role | null; in_project: boolean }[]>(
    `SELECT r.created_by, m.role, EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = $3 AND pm.user_id = r.created_by AND pm.org_id = r.org_id) AS in_project
       FROM job_runs r LEFT JOIN memberships m ON m.user_id = r.created_by AND m.org_id = r.org_id WHERE r.id = $1 AND r.org_id = $2`,
    [jobRunId, orgId, projectId]);
  const reach = run?.role ? reachOf(run.role, action) : null;
  return run?.created_by && reach && (reach !== 'project' || run.in_project) ? run.created_by : null;
}
