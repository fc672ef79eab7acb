import type { Pt } from '../geometry';
import type { View } from './paint';
import type { PointerInput, Tool } from './tools';
import { toImage } from './viewport';

/** What the pointer drives: the engine's view, and its tool of the moment. */
export interface PointerTarget {
  view(): View;
  /** Space is held: a left drag pans. */
  spaceHeld(): boolean;
  tool(): Tool;
  /** The pointer is over the picture at `p` (image pixels), or has left it. */
  hover(p: Pt | null): void;
  setView(v: View): void;
  zoomBy(factor: number, at: { x: number; y: number }): void;
  /** A pan ended: the cursor goes back to what the tool shows. */
  panEnded(): void;
  /** The active layer needs drawing again; `gestureEnded` also drops every preview. */
  redraw(gestureEnded?: boolean): void;
  cancel(): void;
  /** A double click: finishes a draft; false when there is none. */
  doubleClick(): boolean;
}

/**
 * The stage's pointer and wheel events: a drag with the middle or right
 * button (or the left one with Space held) pans and the wheel zooms, whatever
 * the tool; every other press, move and release goes to the tool.
 */
export class Pointer {
  private pan: { sx: number; sy: number; view: View } | null = null;
  private cleanup: (() => void)[] = [];

  constructor(
    private readonly el: HTMLDivElement,
    private readonly target: PointerTarget,
  ) {
    const on = <K extends keyof HTMLElementEventMap>(type: K, fn: (e: HTMLElementEventMap[K]) => void, opts?: AddEventListenerOptions) => {
      el.addEventListener(type, fn as EventListener, opts);
      this.cleanup.push(() => el.removeEventListener(type, fn as EventListener, opts));
    };
    on('pointerdown', (e) => this.down(e));
    on('pointermove', (e) => this.move(e));
    on('pointerup', (e) => this.up(e));
    on('pointercancel', () => target.cancel());
    on('pointerleave', () => {
      target.hover(null);
      target.redraw();
    });
    on('dblclick', (e) => {
      if (target.doubleClick()) e.preventDefault();
    });
    on('wheel', (e) => this.wheel(e), { passive: false });
    on('contextmenu', (e) => e.preventDefault());
  }

  get panning() {
    return !!this.pan;
  }

  /** Drops a pan in progress; false when there was none. */
  cancel() {
    const had = !!this.pan;
    this.pan = null;
    return had;
  }

  destroy() {
    for (const c of this.cleanup) c();
  }

  private local(e: PointerEvent | WheelEvent): PointerInput {
    const r = this.el.getBoundingClientRect();
    const sx = e.clientX - r.left;
    const sy = e.clientY - r.top;
    return { sx, sy, p: toImage(this.target.view(), sx, sy), shiftKey: e.shiftKey, altKey: e.altKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey };
  }

  private wheel(e: WheelEvent) {
    e.preventDefault();
    const { sx, sy } = this.local(e);
    // Trackpads send small deltas many times; a mouse notch is ~100.
    const delta = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaY;
    this.target.zoomBy(Math.pow(1.2, -Math.max(-300, Math.min(300, delta)) / 100), { x: sx, y: sy });
  }

  private down(e: PointerEvent) {
    const el = this.el;
    el.focus({ preventScroll: true });
    const input = this.local(e);
    if (e.button === 1 || (e.button === 0 && this.target.spaceHeld()) || e.button === 2) {
      e.preventDefault();
      el.setPointerCapture?.(e.pointerId);
      this.pan = { sx: input.sx, sy: input.sy, view: this.target.view() };
      el.style.cursor = 'grabbing';
      return;
    }
    if (e.button !== 0) return;
    el.setPointerCapture?.(e.pointerId);
    this.target.tool().down(input);
  }

  private move(e: PointerEvent) {
    const input = this.local(e);
    this.target.hover(input.p);
    const pan = this.pan;
    if (pan) this.target.setView({ ...pan.view, x: pan.view.x + input.sx - pan.sx, y: pan.view.y + input.sy - pan.sy });
    else {
      this.target.tool().move(input);
      this.target.redraw();
    }
  }

  private up(e: PointerEvent) {
    this.el.releasePointerCapture?.(e.pointerId);
    if (this.pan) {
      this.pan = null;
      this.target.panEnded();
      return;
    }
    const tool = this.target.tool();
    if (!tool.busy) return;
    tool.up(this.local(e));
    this.target.redraw(true);
  }
}
