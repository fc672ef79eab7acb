import type { DataSource } from 'typeorm';
import { projectCreateRequest } from '@tessera/contracts';
import { hashPassword } from '@tessera/server/auth';
import { DEMO_ORG, DEMO_PROJECTS, DEMO_USERS } from './demo-data';

export interface SeedReport {
  orgId: string;
  createdUsers: number;
  createdProjects: number;
}

/**
 * Loads the demo organisation, one account per role and three projects.
 * Safe to run again: what exists is kept, what is missing is added.
 */
export async function seedDemo(db: DataSource, password: string): Promise<SeedReport> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (em) => {
    const owner = DEMO_USERS[0];
    const [existing] = await em.query(
      `SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1 AND m.role = 'owner'`,
      [owner.email],
    );
    const orgId: string = existing?.org_id ?? (await em.query(`INSERT INTO organizations (name) VALUES ($1) RETURNING id`, [DEMO_ORG]))[0].id;

    let createdUsers = 0;
    const userIds = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const [row] = await em.query(
        `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)
         ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id, (xmax = 0) AS inserted`,
        [u.email, u.name, passwordHash],
      );
      if (row.inserted) createdUsers++;
      userIds.set(u.email, row.id);
      await em.query(`INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [orgId, row.id, u.role]);
    }

    let createdProjects = 0;
    for (const demo of DEMO_PROJECTS) {
      const [found] = await em.query(`SELECT id FROM projects WHERE org_id = $1 AND name = $2`, [orgId, demo.name]);
      if (found) continue;
      // The same contract the API enforces: demo data is held to the rules users are.
      const p = projectCreateRequest.parse(demo);
      const [{ id }] = await em.query(
        `INSERT INTO projects (org_id, name, description, media_type, guidelines, workflow, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [orgId, p.name, p.description, p.mediaType, p.guidelines, JSON.stringify({ ...p.workflow, overlap: 2 }), userIds.get('manager@demo.local')],
      );
      await em.query(`INSERT INTO label_schema_versions (project_id, org_id, version, schema, created_by) VALUES ($1, $2, 1, $3, $4)`, [
        id, orgId, JSON.stringify(p.labelSchema), userIds.get('manager@demo.local'),
      ]);
      const team: [string, string][] = [
        ['manager@demo.local', 'manager'], ['reviewer@demo.local', 'reviewer'], ['annotator1@demo.local', 'annotator'],
        ['annotator2@demo.local', 'annotator'], ['provider@demo.local', 'provider'], ['consumer@demo.local', 'consumer'],
      ];
      for (const [email, role] of team) {
        await em.query(`INSERT INTO project_members (project_id, user_id, org_id, role) VALUES ($1, $2, $3, $4)`, [id, userIds.get(email), orgId, role]);
      }
      await em.query(
        `INSERT INTO audit_events (org_id, action, resource_type, resource_id, details) VALUES ($1, 'project.created', 'project', $2, $3)`,
        [orgId, id, JSON.stringify({ name: p.name, source: 'demo seed' })],
      );
      createdProjects++;
    }
    return { orgId, createdUsers, createdProjects };
  });
}
