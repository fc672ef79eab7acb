import type { Annotation, AttributeValue, EditOp, Label } from '@tessera/contracts';

/**
 * The ops that set one of a document's labels: a `doc-label` annotation per
 * label, made when the first value is given. `key` null is the label itself
 * (a classification without attributes): true applies it, false removes it.
 * A value of null clears that attribute.
 */
export function docLabelOps(label: Label, existing: Annotation | undefined, key: string | null, value: AttributeValue | null, newId: () => string): EditOp[] {
  if (key === null) {
    if (value === true && !existing) return [{ type: 'create', annotation: { id: newId(), labelId: label.id, geometry: { type: 'doc-label' } } }];
    if (value !== true && existing) return [{ type: 'delete', id: existing.id }];
    return [];
  }
  if (existing) {
    const now = existing.attributes[key];
    if (JSON.stringify(now ?? null) === JSON.stringify(value)) return [];
    return [{ type: 'update', id: existing.id, patch: { attributes: { [key]: value } } }];
  }
  if (value === null) return [];
  return [{ type: 'create', annotation: { id: newId(), labelId: label.id, geometry: { type: 'doc-label' }, attributes: { [key]: value } } }];
}

/** Where a document label's hotkey leads: a label without attributes is toggled, one with attributes takes the focus to its fields. */
export function docLabelKeyAction(label: Label): 'toggle' | 'focus' {
  return label.attributes.length ? 'focus' : 'toggle';
}
