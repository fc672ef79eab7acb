import type { Annotation, EditOp, Label } from '@tessera/contracts';
import { newId } from '@tessera/web/editor-ui/core';
import { clampMove, translate, type Bounds, type ImageGeometry, type Pt } from '../geometry';
import type { SceneIndex } from './scene';

/**
 * The image editor's commands as pure functions: from the scene and what is
 * selected to the ops that do the change. No canvas, no DOM, no state of
 * their own, so that the unit tests say what each key does. The engine
 * (editor.ts) decides when a command may run (read-only, locked) and sends
 * the ops; the action table (../actions.ts) binds them to keys.
 */

type MakeId = () => string;
export interface ImageSize {
  width: number;
  height: number;
}
export type ReorderDirection = 'up' | 'down' | 'top' | 'bottom';

/** A shape being drawn click by click; keypoints keep a slot per skeleton point. */
export type Draft = { tool: 'polygon' | 'polyline' | 'points'; points: Pt[] } | { tool: 'keypoints'; points: (Pt | null)[]; skipped: Set<number> };

/** The fewest vertices a shape of each kind may have. */
export const MIN_POINTS = { polygon: 3, polyline: 2, points: 1 } as const;

// ---- what a command applies to ----

/** The selected annotations still in the scene, in selection order. */
export function selectedOf(scene: SceneIndex, selection: readonly string[]): Annotation[] {
  return selection.map((id) => scene.get(id)).filter((a): a is Annotation => !!a);
}

/** What of the selection may change: nothing when read-only, and never a locked object. */
export function editableOf(scene: SceneIndex, selection: readonly string[], locked: ReadonlySet<string>, readOnly: boolean): Annotation[] {
  return readOnly ? [] : selectedOf(scene, selection).filter((a) => !locked.has(a.id));
}

/** Every object that is neither hidden nor locked: Ctrl+A. */
export function selectAllIds(scene: SceneIndex, hidden: ReadonlySet<string>, locked: ReadonlySet<string>): string[] {
  return scene.order.filter((a) => !hidden.has(a.id) && !locked.has(a.id)).map((a) => a.id);
}

/** The visible object `step` places after the first selected one, round the end; null when nothing is visible. */
export function cycleTarget(scene: SceneIndex, hidden: ReadonlySet<string>, selection: readonly string[], step: 1 | -1): string | null {
  const list = scene.order.filter((a) => !hidden.has(a.id));
  if (!list.length) return null;
  const at = list.findIndex((a) => a.id === selection[0]);
  return (list[(at + step + list.length) % list.length] ?? list[0]).id;
}

export function union(bs: readonly Bounds[]): Bounds {
  return bs.reduce((u, b) => ({ minX: Math.min(u.minX, b.minX), minY: Math.min(u.minY, b.minY), maxX: Math.max(u.maxX, b.maxX), maxY: Math.max(u.maxY, b.maxY) }), { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity });
}

/** The bounds around several objects, for moves that must keep all of them on the picture. */
export function boundsAround(scene: SceneIndex, ids: readonly string[]): Bounds {
  return union(ids.map((id) => scene.boundsOf(id)).filter((b): b is Bounds => !!b));
}

// ---- ops ----

export function createOps(labelId: string, geometry: ImageGeometry, id: string): EditOp[] {
  return [{ type: 'create', annotation: { id, labelId, geometry } }];
}

export function deleteOps(items: readonly Annotation[]): EditOp[] {
  return items.map((a) => ({ type: 'delete', id: a.id }));
}

/** Every item shifted by the same amount (already clamped by the caller). */
export function moveOps(items: readonly Annotation[], dx: number, dy: number): EditOp[] {
  return items.map((a) => ({ type: 'update', id: a.id, patch: { geometry: translate(a.geometry as ImageGeometry, dx, dy) } }));
}

/** Arrow keys: the items together, as far as the picture's edges let them go. */
export function nudgeOps(scene: SceneIndex, items: readonly Annotation[], dx: number, dy: number, image: ImageSize): EditOp[] {
  if (!items.length) return [];
  const [mx, my] = clampMove(boundsAround(scene, items.map((a) => a.id)), dx, dy, image.width, image.height);
  return mx || my ? moveOps(items, mx, my) : [];
}

/** PageUp/PageDown one step; with Shift, above the topmost or below the bottommost object of the scene. */
export function reorderOps(items: readonly Annotation[], dir: ReorderDirection, [lo, hi]: readonly [number, number]): EditOp[] {
  const z = (a: Annotation) => (dir === 'up' ? a.zIndex + 1 : dir === 'down' ? a.zIndex - 1 : dir === 'top' ? hi + 1 : lo - 1);
  return items.map((a) => ({ type: 'update', id: a.id, patch: { zIndex: z(a) } }));
}

/** Two or more objects into one new group; one object is not a group. */
export function groupOps(items: readonly Annotation[], makeId: MakeId = newId): EditOp[] {
  if (items.length < 2) return [];
  const groupId = makeId();
  return items.map((a) => ({ type: 'update', id: a.id, patch: { groupId } }));
}

export function ungroupOps(items: readonly Annotation[]): EditOp[] {
  return items.filter((a) => a.groupId).map((a) => ({ type: 'update', id: a.id, patch: { groupId: null } }));
}

/**
 * Copies of the clipboard, each shifted by `offset` as far as the picture
 * allows, under new ids and outside any group; `ids` are the copies, to select.
 */
export function pasteOps(scene: SceneIndex, clipboard: readonly Annotation[], image: ImageSize, offset = 10, makeId: MakeId = newId): { ops: EditOp[]; ids: string[] } {
  const ops: EditOp[] = [];
  const ids: string[] = [];
  for (const a of clipboard) {
    const b = scene.boundsOf(a.id) ?? { minX: 0, minY: 0, maxX: 0, maxY: 0 };
    const [dx, dy] = clampMove(b, offset, offset, image.width, image.height);
    const id = makeId();
    ids.push(id);
    ops.push({ type: 'create', annotation: { id, labelId: a.labelId, geometry: translate(a.geometry as ImageGeometry, dx, dy), attributes: a.attributes, zIndex: a.zIndex, groupId: null } });
  }
  return { ops, ids };
}

/** A label hotkey with objects selected: those whose geometry the label allows take it. */
export function relabelOps(items: readonly Annotation[], label: Label): EditOp[] {
  const tools = label.tools as readonly string[];
  return items.filter((a) => a.labelId !== label.id && tools.includes(a.geometry.type)).map((a) => ({ type: 'update', id: a.id, patch: { labelId: label.id } }));
}

export function labelOps(id: string, labelId: string): EditOp[] {
  return [{ type: 'update', id, patch: { labelId } }];
}

export function attributeOps(id: string, key: string, value: Annotation['attributes'][string] | null): EditOp[] {
  return [{ type: 'update', id, patch: { attributes: { [key]: value } } }];
}

/** Tags (whole-image labels) are toggled, not drawn. */
export function toggleTagOps(existing: readonly Annotation[], labelId: string, makeId: MakeId = newId): EditOp[] {
  const tag = existing.find((a) => a.geometry.type === 'tag' && a.labelId === labelId);
  return tag ? [{ type: 'delete', id: tag.id }] : [{ type: 'create', annotation: { id: makeId(), labelId, geometry: { type: 'tag' } } }];
}

/** Alt+click on a vertex: it goes, unless the shape would have too few left. */
export function removeVertexOps(a: Annotation, g: ImageGeometry, index: number): EditOp[] {
  if (g.type !== 'polygon' && g.type !== 'polyline' && g.type !== 'points') return [];
  if (g.points.length <= MIN_POINTS[g.type]) return [];
  return [{ type: 'update', id: a.id, patch: { geometry: { ...g, points: (g.points as Pt[]).filter((_, i) => i !== index) } } }];
}

/** The shape a finished draft makes, or null when it has too few points to be one. */
export function draftGeometry(d: Draft): ImageGeometry | null {
  if (d.tool === 'keypoints') {
    return d.points.some((p) => p) ? { type: 'keypoints', points: d.points.map((p) => (p ? { x: p[0], y: p[1], visible: true } : null)) } : null;
  }
  return d.points.length >= MIN_POINTS[d.tool] ? ({ type: d.tool, points: d.points } as ImageGeometry) : null;
}
