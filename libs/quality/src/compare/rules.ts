import { checkAnnotation, type AnnotationContext, type RULE_KINDS } from '@tessera/contracts';
import type { Item } from './compare';
import { isRegion, regionIou, toRegion } from './regions';

export type RuleKind = (typeof RULE_KINDS)[number];

export interface RuleFinding {
  kind: RuleKind;
  annotationId: string;
  /** the other annotation of a duplicate */
  otherId?: string;
  path?: string;
  message: string;
  severity: 'error' | 'warning';
}

/** Two objects of one label this alike are one object drawn twice. */
export const DUPLICATE_IOU = 0.95;
/** A region smaller than this many square pixels is a slip of the mouse. */
export const MIN_REGION_AREA = 4;

/**
 * The rule checks run on every submit, beyond the schema's own verdict (which
 * blocked errors at submit): its warnings, the same object drawn twice, and
 * regions too small to be meant.
 */
export function ruleFindings(items: readonly Item[], ctx: Omit<AnnotationContext, 'lookup'>): RuleFinding[] {
  const out: RuleFinding[] = [];
  const byId = new Map(items.map((i) => [i.id, i]));
  for (const a of items) {
    const verdict = checkAnnotation(a, { ...ctx, lookup: (id) => byId.get(id) }, { submitting: true });
    for (const e of verdict.errors) out.push({ kind: 'schema', annotationId: a.id, path: e.path, message: e.message, severity: 'error' });
    for (const w of verdict.warnings) out.push({ kind: 'schema', annotationId: a.id, path: w.path, message: w.message, severity: 'warning' });
  }
  const regions = items.filter((i) => isRegion(i.geometry)).map((i) => ({ item: i, region: toRegion(i.geometry as never) }));
  for (const r of regions) {
    if (r.region.area < MIN_REGION_AREA) out.push({ kind: 'degenerate', annotationId: r.item.id, message: `the ${r.item.geometry.type} covers ${r.region.area.toFixed(1)} px², less than ${MIN_REGION_AREA}`, severity: 'warning' });
  }
  // Sorted by left edge, so each region is compared only with those that start before it ends.
  regions.sort((p, q) => p.region.bounds.x0 - q.region.bounds.x0);
  for (let i = 0; i < regions.length; i++) {
    for (let j = i + 1; j < regions.length && regions[j].region.bounds.x0 < regions[i].region.bounds.x1; j++) {
      const a = regions[i];
      const b = regions[j];
      if (a.item.labelId !== b.item.labelId) continue;
      const iou = regionIou(a.region, b.region);
      if (iou >= DUPLICATE_IOU) out.push({ kind: 'duplicate', annotationId: b.item.id, otherId: a.item.id, message: `drawn twice: IoU ${iou.toFixed(2)} with another ${a.item.labelId}`, severity: 'warning' });
    }
  }
  const spans = new Map<string, string>();
  for (const s of items) {
    if (s.geometry.type !== 'span') continue;
    const key = `${s.labelId}:${s.geometry.start}:${s.geometry.end}`;
    const first = spans.get(key);
    if (first) out.push({ kind: 'duplicate', annotationId: s.id, otherId: first, message: `the same ${s.labelId} span twice`, severity: 'warning' });
    else spans.set(key, s.id);
  }
  return out;
}
