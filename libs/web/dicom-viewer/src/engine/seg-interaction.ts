import { fillHoles, paintCircle, paintMasks, paintRectangle, paintSphere, regionGrow, type Dims, type HuSlice, type LabelSlice, type Paint } from './seg-tools';

/**
 * The viewer's own segmentation tools on the pointer: region grow from a
 * click, rectangle / circle / sphere scissors (drag), and the sphere brush
 * and eraser (drag, 3D). Cornerstone has no primary tool while one of them is
 * active; this listens on the viewport element, works on the labelmap slices
 * with engine/seg-tools.ts and hands the slices it changed to the engine,
 * which sends them like a brush stroke (per-slice RLE, changed slices only).
 */
export const OWN_SEG_TOOLS = ['regionGrow', 'rectScissors', 'circleScissors', 'sphereScissors', 'sphereBrush', 'sphereEraser'] as const;
export type OwnSegTool = (typeof OWN_SEG_TOOLS)[number];
export const isOwnSegTool = (t: string): t is OwnSegTool => (OWN_SEG_TOOLS as readonly string[]).includes(t);

/** What the engine lends the tools. */
export interface SegHost {
  element: HTMLElement;
  dims(): Dims;
  /** Column, row and slice spacing in mm. */
  spacing(): [number, number, number];
  currentSlice(): number;
  /** A page point as (column, row) on the slice shown. */
  toImage(clientX: number, clientY: number): [number, number] | null;
  /** A (column, row) of the slice shown as a point within the element. */
  toElement(col: number, row: number): [number, number] | null;
  labelmap(z: number): LabelSlice | null;
  hu(z: number): HuSlice | null;
  /** The segment index strokes paint with; null: no segment label, nothing happens. */
  activeSegment(): number | null;
  locked(): ReadonlySet<number>;
  /** Redraw after the labelmap changed under a drag. */
  redraw(): void;
  /** The stroke is over: these slices changed. */
  commit(slices: ReadonlySet<number>): void;
}

export interface RegionGrowSettings {
  tolerance: number;
  connectivity: 6 | 26;
  mode: '2d' | '3d';
}

export class SegInteraction {
  tool: OwnSegTool | null = null;
  grow: RegionGrowSettings = { tolerance: 20, connectivity: 6, mode: '3d' };
  /** Sphere brush, eraser and scissors radius follow the brush size (mm). */
  radius = 10;
  /** The last region grow, for tests and the status line. */
  lastGrow: { voxels: number; seedHu: number; truncated: boolean; slices: number } | null = null;
  private start: { col: number; row: number; z: number } | null = null;
  private stroke = new Set<number>();
  private preview: SVGSVGElement | null = null;
  private readonly cleanups: (() => void)[] = [];

  constructor(private readonly host: SegHost, private readonly onChange: () => void) {
    const el = host.element;
    const down = (e: PointerEvent) => this.down(e);
    const move = (e: PointerEvent) => this.move(e);
    const up = (e: PointerEvent) => this.up(e);
    // Capture phase: we see the pointer before Cornerstone's own listeners on the same element.
    el.addEventListener('pointerdown', down, true);
    el.addEventListener('pointermove', move, true);
    window.addEventListener('pointerup', up, true);
    this.cleanups.push(() => {
      el.removeEventListener('pointerdown', down, true);
      el.removeEventListener('pointermove', move, true);
      window.removeEventListener('pointerup', up, true);
      this.preview?.remove();
    });
  }

  private paint(erase = false): Paint | null {
    const segmentIndex = this.host.activeSegment();
    return segmentIndex ? { segmentIndex, erase, locked: this.host.locked() } : null;
  }

  private down(e: PointerEvent) {
    if (!this.tool || e.button !== 0) return;
    const at = this.host.toImage(e.clientX, e.clientY);
    if (!at || !this.paint()) return;
    e.stopPropagation();
    this.start = { col: at[0], row: at[1], z: this.host.currentSlice() };
    this.stroke = new Set();
    (e.target as Element | null)?.setPointerCapture?.(e.pointerId);
    if (this.tool === 'sphereBrush' || this.tool === 'sphereEraser') this.stamp(at);
  }

  private move(e: PointerEvent) {
    if (!this.tool || !this.start) return;
    e.stopPropagation();
    const at = this.host.toImage(e.clientX, e.clientY);
    if (!at) return;
    if (this.tool === 'sphereBrush' || this.tool === 'sphereEraser') this.stamp(at);
    else if (this.tool !== 'regionGrow') this.drawPreview(at);
  }

  private up(e: PointerEvent) {
    if (!this.tool || !this.start) return;
    const start = this.start;
    this.start = null;
    this.clearPreview();
    const at = this.host.toImage(e.clientX, e.clientY) ?? [start.col, start.row];
    const p = this.paint(this.tool === 'sphereEraser');
    if (!p) return;
    const dims = this.host.dims();
    const [sx, sy, sz] = this.host.spacing();
    const lm = (z: number) => this.host.labelmap(z);
    const changed = this.stroke;
    const z = start.z;
    const slice = lm(z);
    switch (this.tool) {
      case 'regionGrow': {
        const r = regionGrow({ ...dims, hu: (k) => this.host.hu(k), seed: [start.col, start.row, z], ...this.grow });
        for (const s of paintMasks(lm, r.masks, p)) changed.add(s);
        this.lastGrow = { voxels: r.voxels, seedHu: Math.round(r.seedHu), truncated: r.truncated, slices: r.masks.size };
        break;
      }
      case 'rectScissors':
        if (slice && paintRectangle(slice, dims.width, dims.height, [start.col, start.row], at, p)) changed.add(z);
        break;
      case 'circleScissors': {
        const r = Math.hypot((at[0] - start.col) * sx, (at[1] - start.row) * sy);
        if (slice && paintCircle(slice, dims.width, dims.height, [start.col, start.row], r, [sx, sy], p)) changed.add(z);
        break;
      }
      case 'sphereScissors': {
        const r = Math.hypot((at[0] - start.col) * sx, (at[1] - start.row) * sy);
        for (const s of paintSphere(lm, dims, [start.col, start.row, z], r, [sx, sy, sz], p)) changed.add(s);
        break;
      }
      default:
        break;
    }
    this.stroke = new Set();
    if (changed.size) {
      this.host.redraw();
      this.host.commit(changed);
    }
    this.onChange();
  }

  /** One sphere of the 3D brush or eraser, where the pointer is. */
  private stamp(at: [number, number]) {
    const p = this.paint(this.tool === 'sphereEraser');
    if (!p) return;
    const [sx, sy, sz] = this.host.spacing();
    const changed = paintSphere((z) => this.host.labelmap(z), this.host.dims(), [at[0], at[1], this.host.currentSlice()], this.radius, [sx, sy, sz], p);
    for (const s of changed) this.stroke.add(s);
    if (changed.size) this.host.redraw();
  }

  /** Fill holes on every slice of the active segment; returns the slices it changed (and commits them). */
  fillHoles(): Set<number> {
    const seg = this.host.activeSegment();
    const changed = new Set<number>();
    if (!seg) return changed;
    const { width, height, depth } = this.host.dims();
    const locked = this.host.locked();
    for (let z = 0; z < depth; z++) {
      const lm = this.host.labelmap(z);
      if (!lm) continue;
      let has = false;
      for (let i = 0; i < lm.length && !has; i++) has = lm[i] === seg;
      if (has && fillHoles(lm, width, height, seg, locked)) changed.add(z);
    }
    if (changed.size) {
      this.host.redraw();
      this.host.commit(changed);
    }
    return changed;
  }

  /** The scissors' outline while dragging (an SVG over the viewport; Cornerstone draws nothing for these tools). */
  private drawPreview(at: [number, number]) {
    if (!this.start) return;
    const a = this.host.toElement(this.start.col, this.start.row);
    const b = this.host.toElement(at[0], at[1]);
    if (!a || !b) return;
    if (!this.preview) {
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('class', 'dv-scissors');
      svg.setAttribute('aria-hidden', 'true');
      svg.dataset.testid = 'dicom-scissors';
      this.host.element.appendChild(svg);
      this.preview = svg;
    }
    const svg = this.preview;
    const shape =
      this.tool === 'rectScissors'
        ? `<rect x="${Math.min(a[0], b[0])}" y="${Math.min(a[1], b[1])}" width="${Math.abs(b[0] - a[0])}" height="${Math.abs(b[1] - a[1])}" />`
        : `<circle cx="${a[0]}" cy="${a[1]}" r="${Math.hypot(b[0] - a[0], b[1] - a[1])}" />`;
    svg.innerHTML = shape;
  }

  private clearPreview() {
    if (this.preview) this.preview.innerHTML = '';
  }

  destroy() {
    for (const c of this.cleanups) c();
  }
}
