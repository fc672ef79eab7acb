import { PathTool } from './polygon';
import type { Tool, ToolHost } from './tool';

/** The polyline tool: the polygon tool's path, left open (a click on the first vertex adds a vertex there rather than closing it). */
export const polylineTool = (host: ToolHost): Tool => new PathTool(host, 'polyline');
