import { hasLevels, mipLevels } from './mip-levels';
import { takeWorker, workersRun } from './workers';
import type { View } from './paint';

/** Brightness, contrast and gamma of the picture as shown; 1 leaves it as it is. */
export interface Adjust {
  brightness: number;
  contrast: number;
  gamma: number;
}

/** One level of the picture's pyramid, as the element that shows it. */
interface MipLevel {
  scale: number;
  canvas: HTMLCanvasElement;
}

/**
 * The picture under the annotations: loaded into a pyramid of mip levels,
 * placed under the view by a CSS transform (the compositor moves it, nothing
 * is drawn per frame) and filtered for brightness, contrast and gamma.
 */
export class Picture {
  /** The picture's box: the filter goes here, the mip level's canvas inside it. */
  readonly element: HTMLDivElement;
  /** Whether the current picture is decoded (or failed, or there is none): the editor may say it is ready. */
  loaded = false;
  private pyramid: MipLevel[] = [];
  /** Bumped by each load: a pyramid finished for an earlier picture is dropped. */
  private loads = 0;
  private gammaFilter: SVGFEComponentTransferElement | null = null;
  private gammaSvg: SVGSVGElement | null = null;
  private gammaId = `tessera-gamma-${Math.random().toString(36).slice(2)}`;

  /** `onChange`: the picture to show changed (place it again); `onLoaded`: a load ended, well or not. */
  constructor(
    private readonly host: HTMLElement,
    private readonly onChange: () => void,
    private readonly onLoaded: () => void,
  ) {
    this.element = document.createElement('div');
    this.element.style.cssText = 'position:absolute;left:0;top:0;width:100%;height:100%';
  }

  load(url: string | null) {
    const load = ++this.loads;
    this.loaded = !url;
    // Another picture's pyramid must not stay on screen under this one's annotations.
    this.pyramid = [];
    this.onChange();
    if (!url) return;
    delete this.element.dataset.decodedBy;
    const done = (pyramid: Pyramid | null) => {
      if (load !== this.loads) return;
      this.pyramid = pyramid?.levels ?? [];
      // Both paths draw the same picture; which one ran is told here, for a test (or a person at the dev tools) to see
      // that the worker's was taken where it can be.
      if (pyramid) this.element.dataset.decodedBy = pyramid.decodedBy;
      this.loaded = true;
      this.onChange();
      this.onLoaded();
    };
    void pyramidOf(url).then(done, () => done(null));
  }

  /** The coarsest level still sharp enough for the view, where the view puts the picture (`width`×`height` image pixels). */
  place(v: View, width: number, height: number) {
    const level = this.pyramid.find((l) => l.scale >= v.scale) ?? this.pyramid[this.pyramid.length - 1];
    if (!level) {
      this.element.replaceChildren();
      return;
    }
    const el = level.canvas;
    if (this.element.firstChild !== el) {
      // The element's box is the picture's size in image pixels, whatever the level's: one transform places any level.
      el.style.width = `${width}px`;
      el.style.height = `${height}px`;
      this.element.replaceChildren(el);
    }
    el.style.transform = `translate(${v.x}px,${v.y}px) scale(${v.scale})`;
    // Past 4× the pixels are what one annotates: show them square, not blurred.
    el.style.imageRendering = v.scale < 4 ? 'auto' : 'pixelated';
  }

  adjust({ brightness, contrast, gamma }: Adjust) {
    let f = '';
    if (gamma !== 1) {
      this.ensureGammaFilter(gamma);
      f += `url(#${this.gammaId}) `;
    }
    if (brightness !== 1) f += `brightness(${brightness}) `;
    if (contrast !== 1) f += `contrast(${contrast})`;
    this.element.style.filter = f.trim();
  }

  destroy() {
    this.loads++;
    this.gammaSvg?.remove();
  }

  /** CSS has no gamma; an SVG transfer function does it, applied by the compositor like the rest. */
  private ensureGammaFilter(gamma: number) {
    if (!this.gammaFilter) {
      const ns = 'http://www.w3.org/2000/svg';
      const svg = document.createElementNS(ns, 'svg');
      svg.setAttribute('width', '0');
      svg.setAttribute('height', '0');
      svg.setAttribute('aria-hidden', 'true');
      svg.style.position = 'absolute';
      const filter = document.createElementNS(ns, 'filter');
      filter.id = this.gammaId;
      const fct = document.createElementNS(ns, 'feComponentTransfer');
      for (const ch of ['R', 'G', 'B']) {
        const fn = document.createElementNS(ns, `feFunc${ch}`);
        fn.setAttribute('type', 'gamma');
        fct.appendChild(fn);
      }
      filter.appendChild(fct);
      svg.appendChild(filter);
      this.host.appendChild(svg);
      this.gammaFilter = fct;
      this.gammaSvg = svg;
    }
    for (const fn of Array.from(this.gammaFilter.children)) fn.setAttribute('exponent', String(1 / gamma));
  }
}

/** A canvas that shows an ImageBitmap handed to it, without a copy per frame. */
export function bitmapCanvas(): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.style.cssText = 'position:absolute;left:0;top:0;transform-origin:0 0;will-change:transform';
  return c;
}

interface Pyramid {
  levels: MipLevel[];
  /** Where the picture was decoded: the mip worker, or an <img> on this thread. */
  decodedBy: 'worker' | 'image';
}

/**
 * The picture at 1, ½, ¼…, coarsest first: scaling a 4000-pixel image down to a 1000-pixel view costs every frame and
 * looks grainy. The mip worker (mip.worker.ts) fetches, decodes and scales the picture, so the main thread does none
 * of it while the editor opens (decoding through an <img> and copying it into a bitmap took it about 100 ms for a
 * 12-megapixel JPEG). Where the worker cannot read the picture (no workers, a cross-origin picture without CORS, a
 * format only <img> knows), an <img> decodes it here and the worker, or this thread, scales that. A picture neither
 * can read rejects.
 */
async function pyramidOf(url: string): Promise<Pyramid> {
  const fromWorker = await inWorker({ url });
  const bitmaps = fromWorker ?? (await throughImage(url));
  // Handed over only now: a bitmap given to a canvas can no longer be drawn from.
  const levels = bitmaps.map((bitmap, i) => {
    const canvas = bitmapCanvas();
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('bitmaprenderer')!.transferFromImageBitmap(bitmap);
    return { canvas, scale: 1 / 2 ** i };
  });
  // Finest first is wrong for find(): the coarsest level still sharp enough wins.
  return { levels: levels.reverse(), decodedBy: fromWorker ? 'worker' : 'image' };
}

async function throughImage(url: string): Promise<ImageBitmap[]> {
  const img = new Image();
  img.decoding = 'async';
  await new Promise((loaded, failed) => {
    img.onload = loaded;
    img.onerror = () => failed(new Error('The picture could not be read.'));
    img.src = url;
  });
  await img.decode().catch(() => undefined);
  const full = await createImageBitmap(img);
  // A bitmap handed to a worker that then failed is detached (0×0): it is made again.
  return (hasLevels(full.width, full.height) ? await inWorker({ bitmap: full }, [full]) : null) ?? mipLevels(full.width ? full : await createImageBitmap(img));
}

/** The levels, finest first, made in a worker from a URL or a bitmap; null where it could not (then a bitmap sent is detached). */
function inWorker(message: { url: string } | { bitmap: ImageBitmap }, transfer: Transferable[] = []): Promise<ImageBitmap[] | null> {
  if (!workersRun()) return Promise.resolve(null);
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      ({ worker } = takeWorker('mip'));
    } catch {
      resolve(null);
      return;
    }
    const done = (levels: ImageBitmap[] | null) => {
      worker.terminate();
      resolve(levels);
    };
    worker.onmessage = (e: MessageEvent<{ levels?: ImageBitmap[] }>) => done(e.data.levels ?? null);
    worker.onerror = (e) => {
      e.preventDefault();
      done(null);
    };
    worker.postMessage(message, transfer);
  });
}

