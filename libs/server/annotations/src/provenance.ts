import type { AnnotationSource, Op, OpRejection } from '@tessera/contracts';

/** Where an annotation came from, as the server recorded it when it was made. */
export interface Provenance {
  source: AnnotationSource;
  score: number | null;
  predictionId: string | null;
}

/** What the op log says, for the creates in a batch that claim a provenance (keys `set/annotation`, `set/prediction`). */
export interface KnownProvenance {
  recreated: Map<string, Provenance>;
  predicted: Map<string, Provenance>;
}

export interface ProvenanceClaim {
  setId: string;
  annotationId: string;
  predictionId: string | null;
}

type CreateOp = Extract<Op, { type: 'create' }>;

const plain = (a: CreateOp['annotation']) => a.source === 'human' && a.score === null && a.predictionId === null;

/** A person's create that says more than "drawn by hand": what to look up in the op log to believe it. */
export function provenanceClaim(setId: string, op: Op): ProvenanceClaim[] {
  if (op.type !== 'create' || plain(op.annotation)) return [];
  const a = op.annotation;
  return [{ setId, annotationId: a.id, predictionId: a.source === 'human' ? a.predictionId : null }];
}

/**
 * A person's op with the provenance the server knows, or a refusal. People
 * draw `human` annotations; only the server says an annotation came from a
 * model, an import or consensus, and with what score. Two things a person's
 * client legitimately sends are believed once the op log bears them out:
 * - accepting a prediction: a `human` create naming the `predictionId` of a
 *   model's annotation in the same set (the score is taken from the model's);
 * - undoing a delete: a create of an id the set held before, which comes back
 *   with the provenance it was first made with.
 */
export function provenanceOf(setId: string, op: Op, known: KnownProvenance): Op | { code: OpRejection; message: string } {
  if (op.type !== 'create' || plain(op.annotation)) return op;
  const a = op.annotation;
  const before = known.recreated.get(`${setId}/${a.id}`);
  if (before) return withProvenance(op, before);
  if (a.source === 'human' && a.predictionId) {
    const prediction = known.predicted.get(`${setId}/${a.predictionId}`);
    if (prediction) return withProvenance(op, { source: 'human', score: prediction.score, predictionId: a.predictionId });
    return { code: 'forbidden', message: `No model's prediction ${a.predictionId} is in this set to accept.` };
  }
  return { code: 'forbidden', message: 'Only the server says where an annotation came from: send source "human" without score or predictionId.' };
}

function withProvenance(op: CreateOp, p: Provenance): CreateOp {
  return { ...op, annotation: { ...op.annotation, source: p.source, score: p.score, predictionId: p.predictionId } };
}
