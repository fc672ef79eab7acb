import { Injectable } from '@nestjs/common';
import type { OpInput, OpResult, ServerSource } from '@tessera/contracts';
import { AssetsService } from '@tessera/server/assets';
import { conflict, notFound, reason } from '@tessera/server/http';
import { AnnotationSets, type SetAccess } from './annotation-sets';
import { OpCommitter } from './op-committer';

/** Who a job writes as: the source its annotations carry, and the person it runs for (its job run's creator). */
export interface ServerAuthor {
  source: ServerSource;
  onBehalfOf: string;
}

/**
 * How server-side work writes annotations: pre-annotation (`model`), imports
 * (`import`) and consensus (`consensus`), from a worker or the API. It goes
 * through the same committer as people's edits — the same checks against the
 * label schema and the asset, the same op log and server_seq, the same
 * broadcast to every API process's rooms — with a source only the server may
 * set (a browser's `model`, `import` or `consensus` create is refused).
 *
 * Jobs are retried, so their writes must be idempotent: give every op an
 * identity that a redelivered job repeats — `serverClientId(jobRunId)` as the
 * clientId, clientSeq counting the ops in a fixed order, and annotation ids
 * derived from the input — and the committer answers a repeated op from the
 * op log instead of applying it twice.
 *
 *     const set = await serverAnnotations.assetSet(orgId, assetId);
 *     const results = await serverAnnotations.commit(set, { source: 'model', onBehalfOf: run.createdBy }, ops);
 */
@Injectable()
export class ServerAnnotations {
  constructor(
    private readonly sets: AnnotationSets,
    private readonly assets: AssetsService,
    private readonly committer: OpCommitter,
  ) {}

  /** The asset's own (working) set, made on first use. 404 for an asset of another organisation. */
  assetSet(orgId: string, assetId: string): Promise<SetAccess> {
    return this.open(orgId, assetId, null);
  }

  /**
   * The working sets of many assets at once (a job's round), by asset id; 404 when one of them is
   * not the organisation's, 409 when one is not ready, as for assetSet.
   */
  async assetSets(orgId: string, assetIds: string[]): Promise<Map<string, SetAccess>> {
    const found = await this.sets.workingSets(orgId, assetIds);
    const out = new Map<string, SetAccess>();
    for (const assetId of assetIds) {
      const f = found.get(assetId);
      if (!f) throw notFound('asset');
      if (f.status !== 'ready' || !f.setId) throw conflict(`The asset is ${f.status}; it can be annotated once it is ready.`, reason('asset_not_ready', { status: f.status }));
      out.set(assetId, { setId: f.setId, orgId, projectId: f.projectId, assetId, canEdit: true });
    }
    return out;
  }

  /**
   * The working sets of those of these assets that are in the project and ready (an import writing to
   * thousands of them); the others are left out of the answer.
   */
  async readyAssetSets(orgId: string, projectId: string, assetIds: string[]): Promise<Map<string, SetAccess>> {
    const sets = await this.sets.workSetsOf(orgId, projectId, assetIds);
    return new Map([...sets].map(([assetId, setId]) => [assetId, { setId, orgId, projectId, assetId, canEdit: true }]));
  }

  /** The set of a task's work on its asset (the caller knows the task's asset), made on first use. */
  taskSet(orgId: string, assetId: string, taskId: string): Promise<SetAccess> {
    return this.open(orgId, assetId, taskId);
  }

  /**
   * Commits the ops as the author, in order, and answers one result per op
   * once they are committed (or refused: the same rules as for people, so a
   * model's box outside the image is `invalid`). Creates carry the author's
   * source whatever they say.
   */
  commit(set: SetAccess, author: ServerAuthor, ops: OpInput[]): Promise<OpResult[]> {
    return this.committer.submit(set, { kind: 'server', userId: author.onBehalfOf, source: author.source }, ops);
  }

  private async open(orgId: string, assetId: string, taskId: string | null): Promise<SetAccess> {
    const asset = await this.assets.findInOrg(orgId, assetId);
    if (!asset) throw notFound('asset');
    if (asset.status !== 'ready') throw conflict(`The asset is ${asset.status}; it can be annotated once it is ready.`, reason('asset_not_ready', { status: asset.status }));
    const setId = await this.sets.setOf(orgId, asset.projectId, asset.id, taskId);
    return { setId, orgId, projectId: asset.projectId, assetId: asset.id, canEdit: true, ...(taskId ? { taskId } : {}) };
  }
}

/** A clientId for a job's ops that stays the same when the job is retried (ops need clientSeq 1, 2, … in a fixed order). */
export function serverClientId(jobRunId: string, part = 'job'): string {
  const id = `${part}-${jobRunId}`;
  if (!/^[\w-]{8,64}$/.test(id)) throw new Error(`serverClientId: "${id}" is not a valid clientId (8–64 of [A-Za-z0-9_-])`);
  return id;
}
