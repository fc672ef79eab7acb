import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  toolProblems, type LabelSchema, type Project, type ProjectListItem, type ProjectListQuery, type ProjectMember,
  type ProjectRole, type SchemaVersion, type WorkflowSettings, type MediaType,
} from '@tessera/contracts';
import { badRequest, conflict, notFound, reason } from '@tessera/server/http';
import { AuditLog } from '@tessera/server/audit';
import { AccessChanges, reachOf, type Action, type Actor } from '@tessera/server/auth';
import { containsPattern, pageSql, pageTotal } from '@tessera/server/db';
import { LabelSchemaVersion, ProjectEntity, ProjectMemberEntity } from './entities';

export interface NewProject {
  name: string;
  description: string;
  mediaType: MediaType;
  labelSchema: LabelSchema;
  guidelines: string;
  workflow: WorkflowSettings;
}
export type ProjectPatch = Partial<Pick<NewProject, 'name' | 'description' | 'guidelines' | 'workflow'>>;
type ListQuery = ProjectListQuery;

/** A project's list columns as read with PROJECT_COLUMNS, and the count of its current schema's labels. */
interface ProjectRow {
  id: string; name: string; description: string; media_type: MediaType; status: 'active' | 'archived';
  schema_version: number; created_at: Date; updated_at: Date; label_count: number | null;
}
const PROJECT_COLUMNS = 'p.id, p.name, p.description, p.media_type, p.status, p.schema_version, p.created_at, p.updated_at';

function fromRow(r: ProjectRow): ProjectListItem {
  return {
    id: r.id, name: r.name, description: r.description, mediaType: r.media_type, status: r.status,
    schemaVersion: r.schema_version, labelCount: Number(r.label_count ?? 0),
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  };
}

@Injectable()
export class ProjectsService {
  constructor(@Inject(DataSource) private readonly db: DataSource, private readonly audit: AuditLog, private readonly access: AccessChanges) {}

  /**
   * Projects the actor may see for an action, as the decision table reaches (the whole organisation, or only projects
   * they are a member of): a condition on projects `p` and its parameters ($1 on). SQL text rather than TypeORM's query
   * builder, which built the same statement again on every request (docs/performance.md, "Authenticated requests").
   */
  private scopedSql(actor: Actor, action: Action): { where: string; params: unknown[] } {
    const reach = reachOf(actor.role, action);
    if (reach === 'org') return { where: 'p.org_id = $1', params: [actor.orgId] };
    if (reach === 'project') {
      return { where: 'p.org_id = $1 AND EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = p.id AND pm.user_id = $2)', params: [actor.orgId, actor.userId] };
    }
    return { where: 'false', params: [] };
  }

  /** One round trip: only the list columns (not guidelines), the label count and the total. */
  async list(actor: Actor, q: ListQuery): Promise<{ items: ProjectListItem[]; total: number }> {
    const { where, params } = this.scopedSql(actor, 'projects.read');
    const conditions = [where];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (q.status !== 'all') conditions.push(`p.status = ${param(q.status)}`);
    if (q.mediaType) conditions.push(`p.media_type = ${param(q.mediaType)}`);
    if (q.q) conditions.push(`p.name ILIKE ${param(containsPattern(q.q))} ESCAPE '\\'`);
    const matching = `FROM projects p WHERE ${conditions.join(' AND ')}`;
    const pageParams = [...params];
    const rows = await this.db.query<(ProjectRow & { total: string })[]>(
      `SELECT ${PROJECT_COLUMNS},
              (SELECT jsonb_array_length(v.schema->'labels') FROM label_schema_versions v WHERE v.project_id = p.id AND v.version = p.schema_version) AS label_count,
              count(*) OVER () AS total
         ${matching} ORDER BY p.created_at DESC, p.id ${pageSql(q.limit, q.offset, pageParams)}`,
      pageParams,
    );
    const total = await pageTotal(rows, q.offset, async () => (await this.db.query<{ n: number }[]>(`SELECT count(*)::int AS n ${matching}`, params))[0].n);
    return { items: rows.map(fromRow), total };
  }

  /** The project with its current schema, in one statement (pages and access checks ask it often). */
  async get(actor: Actor, id: string, action: Action = 'projects.read'): Promise<Project> {
    const { where, params } = this.scopedSql(actor, action);
    const [r] = await this.db.query<(ProjectRow & { guidelines: string; workflow: WorkflowSettings; schema: LabelSchema })[]>(
      `SELECT ${PROJECT_COLUMNS}, p.guidelines, p.workflow, v.schema
         FROM projects p JOIN label_schema_versions v ON v.project_id = p.id AND v.version = p.schema_version
        WHERE ${where} AND p.id = $${params.length + 1}`,
      [...params, id],
    );
    if (!r) throw notFound('project');
    return { ...fromRow({ ...r, label_count: r.schema.labels.length }), labelSchema: r.schema, guidelines: r.guidelines, workflow: r.workflow };
  }

  /** Whether the actor may do `action` in the project: one statement, no schema read (access decisions ask it often). */
  async reaches(actor: Actor, id: string, action: Action): Promise<boolean> {
    const { where, params } = this.scopedSql(actor, action);
    return (await this.db.query(`SELECT 1 FROM projects p WHERE ${where} AND p.id = $${params.length + 1}`, [...params, id])).length > 0;
  }

  async create(actor: Actor, req: NewProject): Promise<Project> {
    this.assertTools(req.mediaType, req.labelSchema);
    const id = await this.db.transaction(async (em) => {
      const p = await em.save(em.create(ProjectEntity, {
        orgId: actor.orgId, name: req.name, description: req.description, mediaType: req.mediaType, status: 'active',
        guidelines: req.guidelines, workflow: req.workflow, schemaVersion: 1, createdBy: actor.userId,
      }));
      await em.insert(LabelSchemaVersion, { projectId: p.id, orgId: actor.orgId, version: 1, schema: req.labelSchema, createdBy: actor.userId });
      if (actor.role === 'manager') await em.insert(ProjectMemberEntity, { projectId: p.id, userId: actor.userId, orgId: actor.orgId, role: 'manager' });
      await this.record(em, actor, 'project.created', p.id, { name: p.name, mediaType: p.mediaType });
      return p.id;
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, patch: ProjectPatch): Promise<Project> {
    await this.db.transaction(async (em) => {
      const p = await this.locked(em, actor, id, 'projects.update');
      await em.update(ProjectEntity, { id: p.id, orgId: actor.orgId }, { ...patch, updatedAt: new Date() });
      await this.record(em, actor, 'project.updated', id, { fields: Object.keys(patch) });
    });
    return this.get(actor, id);
  }

  /** Every change makes a new version; the old ones stay, since annotations point at them. */
  async replaceSchema(actor: Actor, id: string, basedOnVersion: number, schema: LabelSchema): Promise<Project> {
    await this.db.transaction(async (em) => {
      const p = await this.locked(em, actor, id, 'projects.update');
      if (p.schemaVersion !== basedOnVersion) {
        throw conflict(`The label schema changed meanwhile (now version ${p.schemaVersion}, you edited version ${basedOnVersion}). Reload and apply your changes again.`);
      }
      this.assertTools(p.mediaType, schema);
      const version = p.schemaVersion + 1;
      await em.insert(LabelSchemaVersion, { projectId: id, orgId: actor.orgId, version, schema, createdBy: actor.userId });
      await em.update(ProjectEntity, { id, orgId: actor.orgId }, { schemaVersion: version, updatedAt: new Date() });
      await this.record(em, actor, 'project.schema_changed', id, { version, labels: schema.labels.length });
    });
    return this.get(actor, id);
  }

  async setStatus(actor: Actor, id: string, status: 'active' | 'archived'): Promise<Project> {
    await this.db.transaction(async (em) => {
      const p = await this.locked(em, actor, id, 'projects.archive');
      if (p.status === status) throw conflict(`The project is already ${status}.`, reason('project_status_unchanged'));
      await em.update(ProjectEntity, { id, orgId: actor.orgId }, { status, updatedAt: new Date() });
      await this.record(em, actor, status === 'archived' ? 'project.archived' : 'project.restored', id);
    });
    return this.get(actor, id);
  }

  async listVersions(actor: Actor, id: string) {
    await this.get(actor, id);
    const rows = await this.db.query<{ version: number; created_at: Date; created_by: string | null; label_count: number }[]>(
      `SELECT version, created_at, created_by, jsonb_array_length(schema->'labels') AS label_count
         FROM label_schema_versions WHERE project_id = $1 AND org_id = $2 ORDER BY version DESC`,
      [id, actor.orgId],
    );
    return rows.map((r) => ({ version: r.version, createdAt: r.created_at.toISOString(), createdBy: r.created_by, labelCount: Number(r.label_count) }));
  }

  async getVersion(actor: Actor, id: string, version: number): Promise<SchemaVersion> {
    await this.get(actor, id);
    const v = await this.db.getRepository(LabelSchemaVersion).findOneBy({ projectId: id, orgId: actor.orgId, version });
    if (!v) throw notFound('schema version');
    return { version: v.version, labelSchema: v.schema, createdAt: v.createdAt.toISOString(), createdBy: v.createdBy };
  }

  async listMembers(actor: Actor, id: string): Promise<ProjectMember[]> {
    await this.get(actor, id);
    const rows = await this.db.query<{ user_id: string; email: string; name: string; role: ProjectRole; created_at: Date }[]>(
      `SELECT pm.user_id, u.email, u.name, pm.role, pm.created_at
         FROM project_members pm JOIN users u ON u.id = pm.user_id
        WHERE pm.project_id = $1 AND pm.org_id = $2 ORDER BY pm.created_at`,
      [id, actor.orgId],
    );
    return rows.map((r) => ({ userId: r.user_id, email: r.email, name: r.name, role: r.role, addedAt: r.created_at.toISOString() }));
  }

  async addMember(actor: Actor, id: string, userId: string, role: ProjectRole): Promise<ProjectMember> {
    await this.db.transaction(async (em) => {
      await this.locked(em, actor, id, 'projects.members.manage');
      const [member] = await em.query(`SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $2`, [actor.orgId, userId]);
      if (!member) throw notFound('member');
      await em.query(
        `INSERT INTO project_members (project_id, user_id, org_id, role) VALUES ($1, $2, $3, $4)
         ON CONFLICT (project_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
        [id, userId, actor.orgId, role],
      );
      await this.record(em, actor, 'project.member_added', id, { userId, role });
    });
    await this.access.personChanged(userId);
    const added = (await this.listMembers(actor, id)).find((m) => m.userId === userId);
    if (!added) throw notFound('member');
    return added;
  }

  async removeMember(actor: Actor, id: string, userId: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await this.locked(em, actor, id, 'projects.members.manage');
      const res = await em.delete(ProjectMemberEntity, { projectId: id, userId, orgId: actor.orgId });
      if (!res.affected) throw notFound('project member');
      await this.record(em, actor, 'project.member_removed', id, { userId });
    });
    // Open editors in the project decide with the new membership from their next message on.
    await this.access.personChanged(userId);
  }

  /** The project under a row lock, if the actor may do `action` in it; 404 otherwise. */
  private async locked(em: EntityManager, actor: Actor, id: string, action: Action): Promise<Pick<ProjectEntity, 'id' | 'mediaType' | 'status' | 'schemaVersion'>> {
    const { where, params } = this.scopedSql(actor, action);
    const [p] = await em.query<{ id: string; media_type: MediaType; status: 'active' | 'archived'; schema_version: number }[]>(
      `SELECT p.id, p.media_type, p.status, p.schema_version FROM projects p WHERE ${where} AND p.id = $${params.length + 1} FOR UPDATE OF p`,
      [...params, id],
    );
    if (!p) throw notFound('project');
    return { id: p.id, mediaType: p.media_type, status: p.status, schemaVersion: p.schema_version };
  }

  private assertTools(mediaType: MediaType, schema: LabelSchema) {
    const problems = toolProblems(mediaType, schema);
    if (problems.length) {
      throw badRequest('Some labels use tools this media type does not have.', problems.map((p) => ({ path: ['body', 'labelSchema', ...p.path].join('.'), message: p.message })));
    }
  }

  private record(em: EntityManager, actor: Actor, action: string, projectId: string, details: Record<string, unknown> = {}) {
    return this.audit.record({ orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action, resourceType: 'project', resourceId: projectId, origin: actor.origin, details }, em);
  }
}
