import { roundPoint, thin, type Pt } from '../../geometry';
import { MIN_POINTS } from '../commands';
import { addDraftPoint, drawDraft, pen } from './draft';
import { inImage, type PointerInput, type Tool, type ToolHost } from './tool';

/**
 * A path drawn either way: dragged freehand (thinned to a vertex every few
 * screen pixels), or clicked vertex by vertex as a draft that Enter, a double
 * click or (for a polygon) a click on the first vertex finishes.
 */
export class PathTool implements Tool {
  private stroke: Pt[] | null = null;

  constructor(
    private readonly host: ToolHost,
    private readonly kind: 'polygon' | 'polyline',
  ) {}

  get busy() {
    return !!this.stroke;
  }

  down({ p, sx, sy }: PointerInput) {
    const { host } = this;
    const q = roundPoint(p, host.image.width, host.image.height);
    if (!host.draft) this.stroke = [q];
    else addDraftPoint(host, this.kind, q, sx, sy);
  }

  move({ p }: PointerInput) {
    this.stroke?.push(roundPoint(p, this.host.image.width, this.host.image.height));
  }

  up() {
    const { host } = this;
    const pts = this.stroke;
    this.stroke = null;
    if (!pts) return;
    const s = host.view.scale;
    const travelled = pts.length > 1 && Math.hypot(pts[pts.length - 1][0] - pts[0][0], pts[pts.length - 1][1] - pts[0][1]) * s > 6;
    if (!travelled) {
      // A click, not a stroke: the first vertex of a shape drawn click by click.
      host.draft = { tool: this.kind, points: [pts[0]] };
      host.changed();
      return;
    }
    const thinned = thin(pts, 4 / s);
    if (host.labelId && thinned.length >= MIN_POINTS[this.kind]) host.createShape(host.labelId, { type: this.kind, points: thinned });
  }

  overlay(ctx: CanvasRenderingContext2D) {
    const pts = this.stroke;
    if (pts && pts.length > 1) {
      inImage(ctx, this.host.view, () => {
        pen(ctx, this.host);
        ctx.beginPath();
        ctx.moveTo(...pts[0]);
        for (const p of pts) ctx.lineTo(...p);
        ctx.stroke();
      });
    }
    drawDraft(ctx, this.host);
  }

  cancel() {
    const had = !!this.stroke;
    this.stroke = null;
    return had;
  }
}

/** The polygon tool: a closed path. */
export const polygonTool = (host: ToolHost): Tool => new PathTool(host, 'polygon');
