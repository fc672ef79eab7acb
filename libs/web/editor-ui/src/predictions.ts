import type { Annotation, EditOp } from '@tessera/contracts';
import { newId } from './ids';

/** A model's annotations: shown apart, reviewed one by one or by score. */
export const isPrediction = (a: Annotation) => a.source === 'model';

/**
 * Accepting a prediction makes it the person's own: the model's object goes
 * and a human one takes its place, keeping the score and the prediction it
 * came from (so the model's accuracy can be measured against what people
 * accepted). One group of ops, so one undo step for all of them.
 */
export function acceptOps(list: readonly Annotation[], makeId: () => string = newId): EditOp[] {
  return list.filter(isPrediction).flatMap((a): EditOp[] => [
    { type: 'delete', id: a.id },
    {
      type: 'create',
      annotation: { id: makeId(), labelId: a.labelId, geometry: a.geometry, attributes: a.attributes, source: 'human', score: a.score, predictionId: a.predictionId, zIndex: a.zIndex, groupId: a.groupId },
    },
  ]);
}

export function rejectOps(list: readonly Annotation[]): EditOp[] {
  return list.filter(isPrediction).map((a) => ({ type: 'delete', id: a.id }));
}

/** The predictions at or above a score threshold, and those below it. */
export function byThreshold(predictions: readonly Annotation[], threshold: number) {
  return {
    above: predictions.filter((a) => (a.score ?? 0) >= threshold),
    below: predictions.filter((a) => (a.score ?? 0) < threshold),
  };
}
