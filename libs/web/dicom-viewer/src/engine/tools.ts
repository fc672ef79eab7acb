import { utilities as csUtils } from '@cornerstonejs/core';
import { Enums as ToolEnums, ToolGroupManager, utilities as toolUtils } from '@cornerstonejs/tools';
import { OWN_SEG_TOOLS } from './seg-interaction';

/** The viewer's tools: what the primary mouse button does. */
export const VIEWER_TOOLS = [
  'windowLevel', 'pan', 'zoom', 'brush', 'eraser', 'threshold', 'length', 'rectangle', 'ellipse', 'angle', 'bidirectional', 'probe',
  // Ours, not Cornerstone's (seg-interaction.ts): no Cornerstone tool has the primary button while one of them is chosen.
  ...OWN_SEG_TOOLS,
] as const;
export type ViewerTool = (typeof VIEWER_TOOLS)[number];

export type MeasureGeometry = 'length' | 'rectangle' | 'ellipse' | 'angle' | 'bidirectional';

/** Measurement tools: the Cornerstone tool each drives and the contract's geometry type it writes. */
export const MEASURE: Partial<Record<ViewerTool, { cs: string; geometry: MeasureGeometry }>> = {
  length: { cs: 'Length', geometry: 'length' },
  rectangle: { cs: 'RectangleROI', geometry: 'rectangle' },
  ellipse: { cs: 'EllipticalROI', geometry: 'ellipse' },
  angle: { cs: 'Angle', geometry: 'angle' },
  bidirectional: { cs: 'Bidirectional', geometry: 'bidirectional' },
};

/** Our tool name → the Cornerstone tool (or tool instance) name in the tool group. */
export const CS_OF: Record<string, string> = {
  windowLevel: 'WindowLevel', pan: 'Pan', zoom: 'Zoom', brush: 'SegBrush', eraser: 'SegEraser', threshold: 'SegThreshold', probe: 'Probe',
  ...Object.fromEntries(Object.entries(MEASURE).map(([k, v]) => [k, v!.cs])),
};
/** The contract's geometry type → the tool that draws it. */
export const GEOMETRY_TOOL: Record<string, ViewerTool> = Object.fromEntries(Object.entries(MEASURE).map(([k, v]) => [v!.geometry, k as ViewerTool]));
/** Cornerstone's brushes: the brush size and the threshold apply to them. */
export const BRUSH_TOOLS: readonly ViewerTool[] = ['brush', 'eraser', 'threshold'];
/** Every tool that paints or erases the labelmap: a segment label is needed, read-only forbids them. */
export const SEGMENT_TOOLS: readonly ViewerTool[] = [...BRUSH_TOOLS, ...OWN_SEG_TOOLS];
export const MEASURE_TOOLS = Object.keys(MEASURE) as ViewerTool[];

/** The measurement entry of a Cornerstone tool name, if it is one of ours. */
export const measureOfCs = (csName: string | undefined) => Object.values(MEASURE).find((m) => m!.cs === csName);

/**
 * The tool group of one viewer: every tool added, the fixed bindings (middle
 * button pans, right button zooms, wheel scrolls) set, measurements passive so
 * theirs stay editable.
 */
export function createToolGroup(o: { toolGroupId: string; viewportIds: readonly string[]; engineId: string; threshold: [number, number]; brushSize: number }) {
  const group = ToolGroupManager.createToolGroup(o.toolGroupId)!;
  for (const v of o.viewportIds) group.addViewport(v, o.engineId);
  for (const name of ['WindowLevel', 'Pan', 'Zoom', 'StackScroll', 'Probe', ...MEASURE_TOOLS.map((t) => MEASURE[t]!.cs)]) group.addTool(name);
  group.addToolInstance('SegBrush', 'Brush', { activeStrategy: 'FILL_INSIDE_CIRCLE' });
  group.addToolInstance('SegEraser', 'Brush', { activeStrategy: 'ERASE_INSIDE_CIRCLE' });
  group.addToolInstance('SegThreshold', 'Brush', { activeStrategy: 'THRESHOLD_INSIDE_CIRCLE', threshold: { range: o.threshold, isDynamic: false, dynamicRadius: 0 } });
  group.setToolActive('Pan', { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
  group.setToolActive('Zoom', { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
  group.setToolActive('StackScroll', { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
  for (const t of MEASURE_TOOLS) group.setToolPassive(MEASURE[t]!.cs);
  toolUtils.segmentation.setBrushSizeForToolGroup(o.toolGroupId, o.brushSize);
  return group;
}

/** Makes `tool` the primary button's tool in the group, putting the previous one back to rest. */
export function switchPrimaryTool(toolGroupId: string, before: ViewerTool, tool: ViewerTool) {
  const group = ToolGroupManager.getToolGroup(toolGroupId);
  if (!group) return;
  const was = CS_OF[before];
  if (was && was !== CS_OF[tool]) {
    if (MEASURE_TOOLS.includes(before) || before === 'probe') group.setToolPassive(was);
    else group.setToolDisabled(was);
  }
  // Our own segmentation tools take the pointer themselves (seg-interaction.ts).
  if (CS_OF[tool]) group.setToolActive(CS_OF[tool], { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
}

/** The words Cornerstone writes beside ROIs and RECIST axes on the canvas, in the UI's language. */
export interface CanvasWords {
  area: string;
  mean: string;
  max: string;
  min: string;
  sd: string;
  long: string;
  short: string;
}

type Stats = Record<string, unknown>;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const r = (v: number) => csUtils.roundNumber(v);

/**
 * Replacements for Cornerstone's own text-line functions (English words
 * built in) for the tools whose on-canvas text has words: the same figures,
 * our words. Length, angle and probe write only numbers and units.
 */
function textLines(w: CanvasWords) {
  const roi = (data: { cachedStats?: Record<string, Stats> }, targetId: string | string[]) => {
    const ids = Array.isArray(targetId) ? targetId : [targetId];
    const s = ids.map((id) => data.cachedStats?.[id]).find((x) => x && isNum(x.mean));
    if (!s) return undefined;
    const unit = String(s.modalityUnit ?? '');
    const lines: string[] = [];
    if (isNum(s.area)) lines.push(`${w.area}: ${r(s.area)} ${String(s.areaUnit ?? '')}`);
    for (const [k, word] of [['mean', w.mean], ['max', w.max], ['min', w.min], ['stdDev', w.sd]] as const) if (isNum(s[k])) lines.push(`${word}: ${r(s[k])} ${unit}`);
    return lines;
  };
  const bidirectional = (data: { cachedStats?: Record<string, Stats>; label?: string }, targetId: string) => {
    const s = data.cachedStats?.[targetId];
    const lines = data.label ? [data.label] : [];
    if (!s || !isNum(s.length) || !isNum(s.width)) return lines;
    return [...lines, `${w.long}: ${r(s.length)} ${String(s.unit ?? '')}`, `${w.short}: ${r(s.width)} ${String(s.unit ?? '')}`];
  };
  return { RectangleROI: roi, EllipticalROI: roi, Bidirectional: bidirectional };
}

/** Sets the on-canvas words of a tool group's measurement tools. */
export function applyCanvasWords(toolGroupId: string, words: CanvasWords) {
  const group = ToolGroupManager.getToolGroup(toolGroupId);
  if (!group) return;
  for (const [tool, getTextLines] of Object.entries(textLines(words))) group.setToolConfiguration(tool, { getTextLines });
}
