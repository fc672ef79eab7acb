import { newId } from '@tessera/web/editor-ui/core';
import { decodeRle, distanceToSegment, encodeRle, type Pt } from '../../geometry';
import { rgb, rgba } from '../paint';
import { inImage, type PointerInput, type Tool, type ToolHost } from './tool';

interface MaskEdit {
  /** The mask annotation being painted, or null for one not created yet. */
  id: string | null;
  labelId: string;
  /** One byte per pixel, column by column (the RLE's order). */
  bits: Uint8Array;
  canvas: HTMLCanvasElement;
  dirty: boolean;
}

/**
 * The mask the brush, eraser and fill tools paint, shared by the three: the
 * selected mask, or a new one with the current label. Strokes change its
 * bits and a canvas as they go; each stroke (or fill) becomes one op.
 */
export class MaskSession {
  private edit: MaskEdit | null = null;

  constructor(private readonly host: ToolHost) {}

  /** The annotation being painted (not drawn settled or selected meanwhile), or null. */
  get id() {
    return this.edit?.id ?? null;
  }
  get active() {
    return !!this.edit;
  }

  /** Paints the selected mask if there is one (and it is not locked), else a new one. */
  begin() {
    const { host } = this;
    const { width: w, height: h } = host.image;
    const target = host.selected.find((a) => a.geometry.type === 'mask' && !host.locked.has(a.id));
    if (this.edit && this.edit.id === (target?.id ?? null)) return;
    this.commit();
    const labelId = target?.labelId ?? host.labelId;
    if (!labelId) return;
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const bits = target && target.geometry.type === 'mask' ? decodeRle(target.geometry.rle) : new Uint8Array(w * h);
    this.edit = { id: target?.id ?? null, labelId, bits, canvas, dirty: false };
    if (target) this.repaint();
    host.redrawSettled();
  }

  end() {
    this.commit();
    this.edit = null;
    this.host.redrawSettled();
  }

  /** The annotation went from the set (someone deleted it): stop painting it. */
  drop(gone: ReadonlySet<string>) {
    if (this.edit?.id && gone.has(this.edit.id)) this.edit = null;
  }

  relabel(labelId: string) {
    if (this.edit) this.edit.labelId = labelId;
  }

  /** A stroke segment: the bits change, and the canvas gets the same capsule drawn. */
  paint(from: Pt, to: Pt, erase: boolean) {
    const m = this.edit;
    const { host } = this;
    if (!m || host.readOnly) return;
    const { width: w, height: h } = host.image;
    const r = host.brushSize / 2;
    const ctx = m.canvas.getContext('2d')!;
    ctx.save();
    ctx.globalCompositeOperation = erase ? 'destination-out' : 'source-over';
    ctx.strokeStyle = ctx.fillStyle = rgba(host.colour(m.labelId), 0.55);
    ctx.lineWidth = host.brushSize;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(...from);
    ctx.lineTo(...to);
    ctx.stroke();
    ctx.restore();
    const x0 = Math.max(0, Math.floor(Math.min(from[0], to[0]) - r));
    const x1 = Math.min(w - 1, Math.ceil(Math.max(from[0], to[0]) + r));
    const y0 = Math.max(0, Math.floor(Math.min(from[1], to[1]) - r));
    const y1 = Math.min(h - 1, Math.ceil(Math.max(from[1], to[1]) + r));
    const v = erase ? 0 : 1;
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        if (distanceToSegment(x + 0.5, y + 0.5, from, to) <= r) m.bits[x * h + y] = v;
      }
    }
    m.dirty = true;
    host.redraw();
  }

  /** Fills the empty region around the click, up to the mask's own pixels and the image's edges. */
  fill(p: Pt) {
    const m = this.edit;
    if (!m || this.host.readOnly) return;
    const { width: w, height: h } = this.host.image;
    const x = Math.floor(p[0]);
    const y = Math.floor(p[1]);
    if (x < 0 || y < 0 || x >= w || y >= h || m.bits[x * h + y]) return;
    const stack: number[] = [];
    const visit = (i: number) => {
      if (m.bits[i]) return;
      m.bits[i] = 1;
      stack.push(i);
    };
    visit(x * h + y);
    while (stack.length) {
      const i = stack.pop()!;
      const cx = Math.floor(i / h);
      const cy = i - cx * h;
      if (cy > 0) visit(i - 1);
      if (cy < h - 1) visit(i + 1);
      if (cx > 0) visit(i - h);
      if (cx < w - 1) visit(i + h);
    }
    m.dirty = true;
    this.repaint();
    this.commit();
  }

  /** The strokes so far become one op: a new mask, a changed one, or (all erased) a deleted one. */
  commit() {
    const m = this.edit;
    const { host } = this;
    if (!m || !m.dirty || host.readOnly) return;
    m.dirty = false;
    const { width: w, height: h } = host.image;
    const empty = !m.bits.some((b) => b);
    const geometry = { type: 'mask' as const, rle: encodeRle(m.bits, h, w) };
    if (m.id) {
      host.emit([empty ? { type: 'delete', id: m.id } : { type: 'update', id: m.id, patch: { geometry } }]);
      if (empty) m.id = null;
    } else if (!empty) {
      m.id = newId();
      host.emit([{ type: 'create', annotation: { id: m.id, labelId: m.labelId, geometry } }]);
      host.selectCreated([m.id]);
    }
  }

  /** The mask being painted, and the brush's outline at the pointer (not for fill, which has no size). */
  draw(ctx: CanvasRenderingContext2D, brush: 'brush' | 'eraser' | null) {
    const m = this.edit;
    if (!m) return;
    const { host } = this;
    const cursor = host.pointer;
    inImage(ctx, host.view, () => {
      ctx.drawImage(m.canvas, 0, 0);
      if (!cursor || !brush) return;
      ctx.beginPath();
      ctx.arc(cursor[0], cursor[1], host.brushSize / 2, 0, Math.PI * 2);
      ctx.lineWidth = 1.5 / host.view.scale;
      ctx.strokeStyle = brush === 'eraser' ? '#ff4d4f' : '#ffffff';
      ctx.stroke();
    });
  }

  private repaint() {
    const m = this.edit!;
    const { width: w, height: h } = this.host.image;
    const ctx = m.canvas.getContext('2d')!;
    const img = ctx.createImageData(w, h);
    const [r, g, b] = rgb(this.host.colour(m.labelId));
    for (let x = 0; x < w; x++) {
      for (let y = 0; y < h; y++) {
        if (!m.bits[x * h + y]) continue;
        const o = (y * w + x) * 4;
        img.data[o] = r;
        img.data[o + 1] = g;
        img.data[o + 2] = b;
        img.data[o + 3] = 140;
      }
    }
    ctx.putImageData(img, 0, 0);
  }
}

/** The brush and the eraser: a stroke paints (or clears) a capsule along the pointer's path, one op when released. */
export class BrushTool implements Tool {
  private last: Pt | null = null;

  constructor(
    private readonly mask: MaskSession,
    private readonly mode: 'brush' | 'eraser',
  ) {}

  get busy() {
    return !!this.last;
  }
  down({ p }: PointerInput) {
    this.last = p;
    this.mask.paint(p, p, this.mode === 'eraser');
  }
  move({ p }: PointerInput) {
    if (!this.last) return;
    this.mask.paint(this.last, p, this.mode === 'eraser');
    this.last = p;
  }
  up() {
    this.last = null;
    this.mask.commit();
  }
  overlay(ctx: CanvasRenderingContext2D) {
    this.mask.draw(ctx, this.mode);
  }
  cancel() {
    const had = !!this.last;
    this.last = null;
    return had;
  }
}

/** The fill tool: a click fills the empty region around it, one op at once. */
export class FillTool implements Tool {
  readonly busy = false;

  constructor(private readonly mask: MaskSession) {}

  down({ p }: PointerInput) {
    this.mask.fill(p);
  }
  move() {}
  up() {}
  overlay(ctx: CanvasRenderingContext2D) {
    this.mask.draw(ctx, null);
  }
  cancel() {
    return false;
  }
}

