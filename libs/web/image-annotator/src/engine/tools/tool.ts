import type { Annotation, EditOp, GeometryType, Label } from '@tessera/contracts';
import type { PresenceOut } from '@tessera/web/editor-ui/core';
import type { ImageGeometry, Pt } from '../../geometry';
import type { Draft, ImageSize } from '../commands';
import type { View } from '../paint';
import type { SceneIndex } from '../scene';

/**
 * What a tool is: the same four calls for every one of them. The engine
 * (editor.ts) sends a tool the pointer's presses, moves and releases on the
 * picture (panning is the engine's own), and the renderer asks it to draw
 * what it is doing. A tool keeps its gesture to itself and changes the set
 * only through ops.
 */

export const TOOLS = ['select', 'box', 'polygon', 'polyline', 'points', 'keypoints', 'brush', 'eraser', 'fill'] as const;
export type ToolName = (typeof TOOLS)[number];
/** The geometry each drawing tool makes (and a label must allow). */
export const GEOMETRY_OF: Record<ToolName, GeometryType | null> = { select: null, box: 'box', polygon: 'polygon', polyline: 'polyline', points: 'points', keypoints: 'keypoints', brush: 'mask', eraser: 'mask', fill: 'mask' };

/** The labels that may draw with a tool (every label for select). */
export function labelsFor(labels: readonly Label[], tool: ToolName): readonly Label[] {
  const g = GEOMETRY_OF[tool];
  return g ? labels.filter((l) => (l.tools as readonly string[]).includes(g)) : labels;
}

/** The tool to keep when a label is chosen: the current one if the label may draw with it, else the first the label allows. */
export function toolFor(label: Label, current: ToolName): ToolName {
  const allows = (t: ToolName) => (label.tools as readonly string[]).includes(GEOMETRY_OF[t]!);
  if (!GEOMETRY_OF[current] || allows(current)) return current;
  return TOOLS.find((t) => GEOMETRY_OF[t] && allows(t)) ?? current;
}

/** A pointer event on the stage: where in screen pixels (sx, sy) and image pixels (p), and its modifier keys. */
export interface PointerInput {
  sx: number;
  sy: number;
  p: Pt;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

export interface Tool {
  down(e: PointerInput): void;
  move(e: PointerInput): void;
  /** Called only while the tool is busy: the gesture ends. */
  up(e: PointerInput): void;
  /** Draws what the tool is doing on the active layer, in screen pixels. */
  overlay(ctx: CanvasRenderingContext2D): void;
  /** A gesture is in progress (between down and up). */
  readonly busy: boolean;
  /** Drops the gesture in progress; false when there was none. */
  cancel(): boolean;
}

/** What the engine gives its tools. */
export interface ToolHost {
  readonly view: View;
  readonly image: ImageSize;
  readonly scene: SceneIndex;
  readonly selection: readonly string[];
  readonly selected: Annotation[];
  readonly hidden: ReadonlySet<string>;
  readonly locked: ReadonlySet<string>;
  readonly readOnly: boolean;
  /** The label new shapes get. */
  readonly labelId: string | null;
  readonly brushSize: number;
  /** Where the pointer is over the picture, in image pixels. */
  readonly pointer: Pt | null;
  /** The shape being drawn click by click, shared by the tools that draw so (see draft.ts). */
  draft: Draft | null;
  /** Geometry shown instead of an annotation's own while a drag is in progress. */
  readonly preview: Map<string, ImageGeometry>;
  /** Whether a click outside every object while reviewing pins a comment there. */
  readonly pinsComments: boolean;
  label(id: string): Label | undefined;
  colour(labelId: string): string;
  geometryOf(a: Annotation): ImageGeometry;
  setSelection(ids: string[]): void;
  /** Selects what the tool has just created (the set has not caught up yet, so nothing is redrawn). */
  selectCreated(ids: string[]): void;
  /** False when nothing went out (read-only, or the host refused the ops). */
  emit(ops: EditOp[]): boolean;
  /** Creates a shape with the label and selects it. */
  createShape(labelId: string, geometry: ImageGeometry): void;
  presence(p: PresenceOut): void;
  /** Where a comment may be pinned. */
  point(p: { x: number; y: number }): void;
  finishDraft(): void;
  /** The active layer needs drawing again. */
  redraw(): void;
  /** What is settled changed: the settled layer needs drawing again too. */
  redrawSettled(): void;
  /** Something the panels show changed. */
  changed(): void;
}

/** The overlay's transform: image pixels on the active layer. */
export function inImage(ctx: CanvasRenderingContext2D, v: View, draw: () => void) {
  ctx.save();
  ctx.transform(v.scale, 0, 0, v.scale, v.x, v.y);
  draw();
  ctx.restore();
}
