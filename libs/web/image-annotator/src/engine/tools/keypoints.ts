import { roundPoint } from '../../geometry';
import { drawDraft, nextKeypoint } from './draft';
import type { PointerInput, Tool, ToolHost } from './tool';

/**
 * The keypoints tool: each click places the label's next skeleton point (S
 * skips one that cannot be seen); the last one placed finishes the shape.
 */
export class KeypointsTool implements Tool {
  readonly busy = false;

  constructor(private readonly host: ToolHost) {}

  down({ p }: PointerInput) {
    const { host } = this;
    const label = host.labelId ? host.label(host.labelId) : undefined;
    const n = label?.skeleton?.points.length ?? 0;
    if (!n) return;
    if (host.draft?.tool !== 'keypoints') host.draft = { tool: 'keypoints', points: Array.from({ length: n }, () => null), skipped: new Set() };
    const d = host.draft;
    const at = nextKeypoint(d);
    if (at < 0) return;
    d.points[at] = roundPoint(p, host.image.width, host.image.height);
    if (nextKeypoint(d) < 0) host.finishDraft();
    else {
      host.redraw();
      host.changed();
    }
  }
  move() {}
  up() {}
  overlay(ctx: CanvasRenderingContext2D) {
    drawDraft(ctx, this.host);
  }
  cancel() {
    return false;
  }
}
