import { roundPoint, type Pt } from '../../geometry';
import { pen } from './draft';
import { inImage, type PointerInput, type Tool, type ToolHost } from './tool';

const round1 = (v: number) => Math.round(v * 10) / 10;

/** The box tool: drag from one corner to the other; a drag under 4 screen pixels either way makes nothing. */
export class BoxTool implements Tool {
  private drag: { start: Pt; end: Pt } | null = null;

  constructor(private readonly host: ToolHost) {}

  get busy() {
    return !!this.drag;
  }

  down({ p }: PointerInput) {
    const q = roundPoint(p, this.host.image.width, this.host.image.height);
    if (this.host.labelId) this.drag = { start: q, end: q };
  }

  move({ p }: PointerInput) {
    if (this.drag) this.drag.end = roundPoint(p, this.host.image.width, this.host.image.height);
  }

  up() {
    const { host } = this;
    const g = this.drag;
    this.drag = null;
    if (!g) return;
    const s = host.view.scale;
    const [x0, y0] = g.start;
    const [x1, y1] = g.end;
    const w = Math.abs(x1 - x0);
    const h = Math.abs(y1 - y0);
    if (w * s >= 4 && h * s >= 4 && host.labelId) host.createShape(host.labelId, { type: 'box', x: Math.min(x0, x1), y: Math.min(y0, y1), width: round1(w), height: round1(h), rotation: 0 });
  }

  overlay(ctx: CanvasRenderingContext2D) {
    const g = this.drag;
    if (!g) return;
    inImage(ctx, this.host.view, () => {
      pen(ctx, this.host);
      const [x0, y0] = g.start;
      const [x1, y1] = g.end;
      ctx.strokeRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
    });
  }

  cancel() {
    const had = !!this.drag;
    this.drag = null;
    return had;
  }
}
