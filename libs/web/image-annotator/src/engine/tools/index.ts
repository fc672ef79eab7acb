import { BoxTool } from './box';
import { KeypointsTool } from './keypoints';
import { BrushTool, FillTool, MaskSession } from './mask';
import { PointsTool } from './points';
import { polygonTool } from './polygon';
import { polylineTool } from './polyline';
import { SelectTool } from './select';
import type { Tool, ToolHost, ToolName } from './tool';

export { TOOLS, GEOMETRY_OF, labelsFor, toolFor, type Tool, type ToolHost, type ToolName, type PointerInput } from './tool';
export type { MaskSession } from './mask';

/** One of each tool for an engine; the three mask tools paint the same mask. */
export function createTools(host: ToolHost): { tools: Record<ToolName, Tool>; mask: MaskSession } {
  const mask = new MaskSession(host);
  const tools: Record<ToolName, Tool> = {
    select: new SelectTool(host),
    box: new BoxTool(host),
    polygon: polygonTool(host),
    polyline: polylineTool(host),
    points: new PointsTool(host),
    keypoints: new KeypointsTool(host),
    brush: new BrushTool(mask, 'brush'),
    eraser: new BrushTool(mask, 'eraser'),
    fill: new FillTool(mask),
  };
  return { tools, mask };
}
