import type { Annotation } from '@tessera/contracts';
import { IMAGE_EDITOR_KEYS } from '@tessera/contracts';
import { byThreshold, isPrediction, type KeyPress } from '@tessera/web/editor-ui/core';
import type { Editor } from './engine/editor';
import type { ToolName } from './engine/tools';

export type ImageAction = keyof typeof IMAGE_EDITOR_KEYS;

/** What an action reads besides the editor: the set as it stands and the prediction threshold. */
export interface ActionContext {
  editor: Editor;
  annotations: readonly Annotation[];
  threshold: number;
}

/** Returns false when there was nothing to do, and the key goes on outward (see IMAGE_EDITOR_KEYS' `yields`). */
type Perform = (c: ActionContext, e: KeyPress) => boolean | void;

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
const clamp = (v: number) => Math.round(Math.max(0.2, Math.min(3, v)) * 100) / 100;
const tool = (name: ToolName): Perform => ({ editor }) => editor.setTool(name);
const nudge = (step: number): Perform => ({ editor }, e) => {
  const [dx, dy] = ARROWS[e.key] ?? [0, 0];
  editor.nudge(dx * step, dy * step);
};
const adjust = (key: keyof Editor['adjust'], by: number): Perform => ({ editor }) => editor.setAdjust({ [key]: clamp(editor.adjust[key] + by) });
const predictions = (c: ActionContext) => byThreshold(c.annotations.filter(isPrediction), c.threshold);

/**
 * Every action of the image editor, by the id its keys have in
 * IMAGE_EDITOR_KEYS: the keyboard and the toolbar run the same thing. The
 * compiler holds the two tables together: an id without an action, or an
 * action without keys, does not build.
 */
export const ACTIONS: Record<ImageAction, Perform> = {
  'tool.select': tool('select'),
  'tool.box': tool('box'),
  'tool.polygon': tool('polygon'),
  'tool.polyline': tool('polyline'),
  'tool.points': tool('points'),
  'tool.keypoints': tool('keypoints'),
  'tool.brush': tool('brush'),
  'tool.eraser': tool('eraser'),
  'tool.fill': tool('fill'),
  finish: ({ editor }) => (editor.draft ? editor.finishDraft() : false),
  cancel: ({ editor }) => {
    if (editor.cancelDraft()) return;
    if (!editor.selection.length) return false;
    editor.setSelection([]);
  },
  removeLastPoint: ({ editor }) => editor.undoPoint(),
  skipKeypoint: ({ editor }) => editor.skipKeypoint(),
  brushSmaller: ({ editor }) => editor.setBrushSize(editor.brushSize / 1.25),
  brushLarger: ({ editor }) => editor.setBrushSize(editor.brushSize * 1.25),
  delete: ({ editor }) => editor.deleteSelection(),
  // Text selected on the page is copied as text.
  copy: ({ editor }) => (window.getSelection()?.toString() ? false : editor.copy()),
  paste: ({ editor }) => editor.paste(),
  duplicate: ({ editor }) => editor.duplicate(),
  selectAll: ({ editor }) => editor.selectAll(),
  nextObject: ({ editor }) => editor.cycle(1),
  previousObject: ({ editor }) => editor.cycle(-1),
  nudge: nudge(1),
  nudgeMore: nudge(10),
  hide: ({ editor }) => editor.toggleHidden(),
  showAll: ({ editor }) => editor.showAll(),
  lock: ({ editor }) => editor.toggleLocked(),
  group: ({ editor }) => editor.group(),
  ungroup: ({ editor }) => editor.ungroup(),
  forward: ({ editor }) => editor.reorder('up'),
  backward: ({ editor }) => editor.reorder('down'),
  toFront: ({ editor }) => editor.reorder('top'),
  toBack: ({ editor }) => editor.reorder('bottom'),
  zoomIn: ({ editor }) => editor.zoomBy(1.25),
  zoomOut: ({ editor }) => editor.zoomBy(0.8),
  fit: ({ editor }) => editor.fitView(),
  actualSize: ({ editor }) => editor.actualSize(),
  // Held: the pointer pans while Space is down; the registry calls `release` when it goes up.
  pan: ({ editor }) => editor.setSpace(true),
  grid: ({ editor }) => editor.toggleGrid(),
  brighter: adjust('brightness', 0.1),
  darker: adjust('brightness', -0.1),
  moreContrast: adjust('contrast', 0.1),
  lessContrast: adjust('contrast', -0.1),
  gammaUp: adjust('gamma', 0.1),
  gammaDown: adjust('gamma', -0.1),
  resetImage: ({ editor }) => editor.setAdjust({ brightness: 1, contrast: 1, gamma: 1 }),
  accept: ({ editor }) => editor.acceptPredictions(editor.selected),
  reject: ({ editor }) => editor.rejectPredictions(editor.selected),
  acceptAbove: (c) => c.editor.acceptPredictions(predictions(c).above),
  rejectBelow: (c) => c.editor.rejectPredictions(predictions(c).below),
};
