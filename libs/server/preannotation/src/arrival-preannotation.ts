import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@tessera/contracts';
import { AssetIntake } from '@tessera/server/assets';
import { ModelsService } from './models.service';

/**
 * Pre-annotation as assets arrive: for each project a model is set to
 * pre-annotate on arrival (`arrivalProjectIds`), the newly ready assets go
 * into a run of their own, on behalf of the person who set it — whose right
 * to run models the run checks again when it runs.
 */
@Injectable()
export class ArrivalPreannotation implements OnModuleInit {
  private readonly log = new Logger(ArrivalPreannotation.name);

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly intake: AssetIntake,
    private readonly models: ModelsService,
  ) {}

  onModuleInit() {
    this.intake.whenArrived((orgId, assetIds) => this.arrived(orgId, assetIds));
  }

  async arrived(orgId: string, assetIds: string[]): Promise<void> {
    const due = await this.db.query<{ project_id: string; model_id: string; asset_ids: string[]; user_id: string; email: string; name: string; role: Role }[]>(
      `SELECT a.project_id, pm.model_id, array_agg(a.id ORDER BY a.created_at, a.id) AS asset_ids, u.id AS user_id, u.email, u.name, m.role
         FROM assets a
         JOIN project_models pm ON pm.project_id = a.project_id AND pm.org_id = a.org_id AND pm.on_arrival_by IS NOT NULL
         JOIN models mo ON mo.id = pm.model_id AND mo.deleted_at IS NULL
         JOIN users u ON u.id = pm.on_arrival_by
         JOIN memberships m ON m.user_id = u.id AND m.org_id = a.org_id
        WHERE a.id = ANY($1::uuid[]) AND a.org_id = $2 AND a.status = 'ready'
        GROUP BY a.project_id, pm.model_id, u.id, u.email, u.name, m.role`,
      [assetIds, orgId]);
    for (const d of due) {
      const actor = { userId: d.user_id, orgId, email: d.email, name: d.name, role: d.role, origin: { ip: null, userAgent: 'pre-annotation on arrival', requestId: null } };
      // One model's refusal (its label map no longer fits the schema) leaves the others to run.
      await this.models.start(actor, d.project_id, { modelId: d.model_id, selection: { assetIds: d.asset_ids } })
        .catch((e: Error) => this.log.warn(`pre-annotation on arrival not started for model ${d.model_id}: ${e.message}`));
    }
  }
}
