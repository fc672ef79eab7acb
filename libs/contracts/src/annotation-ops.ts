import type { Annotation, AnnotationPatch, CommittedOp, CommittedOpBody, Geometry } from './annotations';

/**
 * The one reducer of the op log. The server and every browser replica apply
 * committed ops with it in server order, so they all compute the same
 * annotations (the Figma model: per-property last writer wins, in the order
 * the server received them).
 */
export type AnnotationState = Map<string, Annotation>;

export type ApplyOutcome = 'applied' | 'missing' | 'exists';

/** Applies one op; a create of an existing id or a change to a missing one changes nothing. */
export function applyOp(state: AnnotationState, body: CommittedOpBody, actorId: string, at: string): ApplyOutcome {
  switch (body.type) {
    case 'create': {
      if (state.has(body.annotation.id)) return 'exists';
      state.set(body.annotation.id, { ...body.annotation, version: 1, createdBy: actorId, updatedBy: actorId, createdAt: at, updatedAt: at });
      return 'applied';
    }
    case 'update': {
      const current = state.get(body.id);
      if (!current) return 'missing';
      state.set(body.id, patched(current, body.patch, actorId, at));
      return 'applied';
    }
    case 'delete':
      return state.delete(body.id) ? 'applied' : 'missing';
  }
}

export function applyCommitted(state: AnnotationState, c: CommittedOp): ApplyOutcome {
  return applyOp(state, c.op, c.actorId, c.at);
}

function mergeKeys<V>(base: Record<string, V>, changes: Record<string, V | null>): Record<string, V> {
  const out = { ...base };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

export function patched(a: Annotation, p: AnnotationPatch, actorId: string, at: string): Annotation {
  let geometry: Geometry = p.geometry ?? a.geometry;
  if (p.slices && geometry.type === 'segment') geometry = { ...geometry, slices: mergeKeys(geometry.slices, p.slices) };
  return {
    ...a,
    labelId: p.labelId ?? a.labelId,
    geometry,
    attributes: p.attributes ? mergeKeys(a.attributes, p.attributes) : a.attributes,
    score: p.score !== undefined ? p.score : a.score,
    zIndex: p.zIndex ?? a.zIndex,
    groupId: p.groupId !== undefined ? p.groupId : a.groupId,
    version: a.version + 1,
    updatedBy: actorId,
    updatedAt: at,
  };
}

/** The annotation's fields a create carries (no server bookkeeping). */
export function inputOf(a: Annotation) {
  const { version: _v, createdBy: _cb, updatedBy: _ub, createdAt: _ca, updatedAt: _ua, ...input } = a;
  return input;
}

/**
 * The change that undoes `body` when applied to `before` (the state the op
 * was applied to): a create undoes a delete, a delete a create, and an update
 * restores the old values of exactly the properties it changed — so undoing
 * does not erase what other people changed meanwhile.
 */
export type InverseBody =
  | { type: 'create'; annotation: ReturnType<typeof inputOf> }
  | { type: 'update'; id: string; patch: AnnotationPatch }
  | { type: 'delete'; id: string };

export function inverseOf(before: AnnotationState, body: CommittedOpBody | InverseBody): InverseBody | null {
  switch (body.type) {
    case 'create':
      return before.has(body.annotation.id) ? null : { type: 'delete', id: body.annotation.id };
    case 'delete': {
      const a = before.get(body.id);
      return a ? { type: 'create', annotation: inputOf(a) } : null;
    }
    case 'update': {
      const a = before.get(body.id);
      if (!a) return null;
      const p = body.patch;
      const back: AnnotationPatch = {};
      if (p.labelId !== undefined) back.labelId = a.labelId;
      if (p.geometry !== undefined) back.geometry = a.geometry;
      if (p.attributes) back.attributes = Object.fromEntries(Object.keys(p.attributes).map((k) => [k, a.attributes[k] ?? null]));
      if (p.slices && a.geometry.type === 'segment') {
        const slices = a.geometry.slices;
        back.slices = Object.fromEntries(Object.keys(p.slices).map((k) => [k, slices[k] ?? null]));
      }
      if (p.score !== undefined) back.score = a.score;
      if (p.zIndex !== undefined) back.zIndex = a.zIndex;
      if (p.groupId !== undefined) back.groupId = a.groupId;
      return { type: 'update', id: body.id, patch: back };
    }
  }
}

/** A stable, order-independent picture of a state, for comparing replicas. */
export function canonical(state: AnnotationState): Annotation[] {
  return [...state.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}
