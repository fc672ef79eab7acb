import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import {
  toolProblems, type LabelSchema, type Project, type ProjectListItem, type ProjectListQuery, type ProjectMember,
  type ProjectRole, type SchemaVersion, type WorkflowSettings, type MediaType,
} from '@tessera/contracts';
import { badRequest, conflict, notFound } from '@tessera/server/http';
import { AuditLog } from '@tessera/server/audit';
import { AccessChanges, reachOf, type Action, type Actor } from '@tessera/server/auth';
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

type ProjectWithLabels = ProjectEntity & { labelCount?: number };
interface ListRow {
  p_id: string; p_name: string; p_description: string; p_media_type: MediaType; p_status: 'active' | 'archived';
  p_schema_version: number; p_created_at: Date; p_updated_at: Date; label_count: number | null; total: string;
}

function toListItem(p: ProjectWithLabels): ProjectListItem {
  return {
    id: p.id, name: p.name, description: p.description, mediaType: p.mediaType, status: p.status,
    schemaVersion: p.schemaVersion, labelCount: p.labelCount ?? 0,
    createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
  };
}

@Injectable()
export class ProjectsService {
  constructor(@Inject(DataSource) private readonly db: DataSource, private readonly audit: AuditLog, private readonly access: AccessChanges) {}

  /**
   * Projects the actor may see for an action, as the decision table reaches:
   * the whole organisation, or only projects they are a member of.
   */
  scoped(actor: Actor, action: Action, em: EntityManager = this.db.manager): SelectQueryBuilder<ProjectEntity> {
    const reach = reachOf(actor.role, action);
    const qb = em.getRepository(ProjectEntity).createQueryBuilder('p').where('p.orgId = :orgId', { orgId: actor.orgId });
    if (reach === 'org') return qb;
    if (reach === 'project') {
      return qb.andWhere('EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = p.id AND pm.user_id = :userId)', { userId: actor.userId });
    }
    return qb.andWhere('false');
  }

  /** One round trip: only the list columns (not guidelines), the label count and the total. */
  async list(actor: Actor, q: ListQuery): Promise<{ items: ProjectListItem[]; total: number }> {
    const qb = this.scoped(actor, 'projects.read')
      .select(['p.id', 'p.name', 'p.description', 'p.mediaType', 'p.status', 'p.schemaVersion', 'p.createdAt', 'p.updatedAt'])
      .addSelect(`(SELECT jsonb_array_length(v.schema->'labels') FROM label_schema_versions v WHERE v.project_id = p.id AND v.version = p.schema_version)`, 'label_count')
      .addSelect('count(*) OVER ()', 'total');
    if (q.status !== 'all') qb.andWhere('p.status = :status', { status: q.status });
    if (q.mediaType) qb.andWhere('p.mediaType = :mediaType', { mediaType: q.mediaType });
    if (q.q) qb.andWhere(`p.name ILIKE :q ESCAPE '\\'`, { q: `%${q.q.replace(/[\\%_]/g, '\\$&')}%` });
    qb.orderBy('p.createdAt', 'DESC').addOrderBy('p.id').limit(q.limit).offset(q.offset);
    const rows = await qb.getRawMany<ListRow>();
    // Past the last page there is no row to carry the total.
    const total = rows.length ? Number(rows[0].total) : q.offset ? await qb.getCount() : 0;
    return {
      items: rows.map((r) => ({
        id: r.p_id, name: r.p_name, description: r.p_description, mediaType: r.p_media_type, status: r.p_status,
        schemaVersion: r.p_schema_version, labelCount: Number(r.label_count ?? 0),
        createdAt: r.p_created_at.toISOString(), updatedAt: r.p_updated_at.toISOString(),
      })),
      total,
    };
  }

  async get(actor: Actor, id: string, action: Action = 'projects.read'): Promise<Project> {
    const p = await this.scoped(actor, action).andWhere('p.id = :id', { id }).getOne();
    if (!p) throw notFound('project');
    return this.withSchema(p);
  }

  /** Whether the actor may do `action` in the project: one statement, no schema read (access decisions ask it often). */
  async reaches(actor: Actor, id: string, action: Action): Promise<boolean> {
    return (await this.scoped(actor, action).select('p.id').andWhere('p.id = :id', { id }).getRawMany()).length > 0;
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
      if (p.status === status) throw conflict(`The project is already ${status}.`);
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

  private async locked(em: EntityManager, actor: Actor, id: string, action: Action): Promise<ProjectEntity> {
    const p = await this.scoped(actor, action, em).andWhere('p.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!p) throw notFound('project');
    return p;
  }

  private async withSchema(p: ProjectEntity): Promise<Project> {
    const v = await this.db.getRepository(LabelSchemaVersion).findOneByOrFail({ projectId: p.id, version: p.schemaVersion });
    return { ...toListItem({ ...p, labelCount: v.schema.labels.length } as ProjectWithLabels), labelSchema: v.schema, guidelines: p.guidelines, workflow: p.workflow };
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
