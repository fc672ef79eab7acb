import { roundPoint } from '../../geometry';
import { addDraftPoint, drawDraft } from './draft';
import type { PointerInput, Tool, ToolHost } from './tool';

/** The points tool: each click adds a point to one points annotation, which Enter or a double click finishes. */
export class PointsTool implements Tool {
  readonly busy = false;

  constructor(private readonly host: ToolHost) {}

  down({ p, sx, sy }: PointerInput) {
    addDraftPoint(this.host, 'points', roundPoint(p, this.host.image.width, this.host.image.height), sx, sy);
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
