// The `canvas` benchmark's comparison page: the same seeded scene as Tessera's
// playground (same generator, same picture, same polygons), drawn by
// @annotorious/annotorious 3's vanilla image annotator. That annotator has no
// pan or zoom of its own, so the page gives it the zoom container an app would:
// a wrapper with a CSS transform (translate + scale) driven by wheel (zoom
// about the cursor) and middle-button drag (pan), the same gestures and steps
// the bench sends to Tessera's editor. Built by esbuild at bench time.
import { createImageAnnotator, ShapeType, type Color, type ImageAnnotation } from '@annotorious/annotorious';
import '@annotorious/annotorious/annotorious.css';
// A file, not the library's index: the page needs the scene generator, not the editor.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { SCENE_LABELS, sceneFromQuery, sceneImage, scenePictureFile, scenePolygons } from '../../libs/web/image-annotator/src/playground/scene';

/** One wheel notch (deltaY 100) zooms by this much; Tessera's editor is asked to do the same. */
const ZOOM_PER_NOTCH = 1.2;
const MIN_SCALE = 0.05;
const MAX_SCALE = 40;

const fail = (message: string) => {
  document.documentElement.dataset.annotatorError = message;
  throw new Error(message);
};

async function main() {
  const spec = sceneFromQuery(location.search);
  const viewport = document.querySelector<HTMLDivElement>('[data-testid="annotator-stage"]') ?? fail('no stage element');
  const zoom = document.querySelector<HTMLDivElement>('#zoom') ?? fail('no zoom wrapper');
  const img = document.querySelector<HTMLImageElement>('#image') ?? fail('no image element');

  // The view: screen = translate + scale × image. Starts fitted and centred.
  let s = 1;
  let tx = 0;
  let ty = 0;
  const apply = () => {
    zoom.style.transform = `translate(${tx}px, ${ty}px) scale(${s})`;
  };
  const fit = () => {
    const r = viewport.getBoundingClientRect();
    s = Math.min(r.width / spec.width, r.height / spec.height);
    tx = (r.width - spec.width * s) / 2;
    ty = (r.height - spec.height * s) / 2;
    apply();
  };
  fit();

  img.width = spec.width;
  img.height = spec.height;
  img.style.width = `${spec.width}px`;
  img.style.height = `${spec.height}px`;
  img.src = scenePictureFile(location.search) ?? (await sceneImage(spec));
  await img.decode();

  const colors = new Map(SCENE_LABELS.map((l) => [l.id, l.color as Color]));
  const anno = createImageAnnotator<ImageAnnotation>(img, {
    // Viewing and selecting: a middle-button drag pans, it must not draw a box.
    drawingEnabled: false,
    style: (a) => {
      const color: Color = colors.get(a.bodies[0]?.value ?? '') ?? '#1677ff';
      return { fill: color, fillOpacity: 0.25, stroke: color, strokeWidth: 1.5 };
    },
  });

  const annotations: ImageAnnotation[] = scenePolygons(spec).map((p) => {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const [x, y] of p.points) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
    return {
      id: p.id,
      bodies: [{ id: `${p.id}-label`, annotation: p.id, purpose: 'tagging', value: p.labelId }],
      target: { annotation: p.id, selector: { type: ShapeType.POLYGON, geometry: { points: p.points, bounds: { minX, minY, maxX, maxY } } } },
    };
  });
  anno.setAnnotations(annotations);

  // Svelte renders the store change asynchronously: wait for it to be on screen.
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  for (let i = 0; ; i++) {
    await frame();
    await frame();
    const drawn = anno.element.querySelectorAll('.a9s-annotationlayer g.a9s-annotation').length;
    if (drawn >= spec.objects) break;
    if (i > 600) fail(`annotorious drew ${drawn} of ${spec.objects} polygons`);
  }

  // Zoom about the cursor.
  viewport.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const r = viewport.getBoundingClientRect();
      const px = e.clientX - r.left;
      const py = e.clientY - r.top;
      const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, s * ZOOM_PER_NOTCH ** (-e.deltaY / 100)));
      tx = px - ((px - tx) * next) / s;
      ty = py - ((py - ty) * next) / s;
      s = next;
      apply();
    },
    { passive: false },
  );

  // Pan with the middle button. Its events are the zoom container's, not the
  // annotator's (which would take a press and release for a click).
  let drag: { x: number; y: number; id: number } | null = null;
  viewport.addEventListener(
    'pointerdown',
    (e) => {
      if (e.button !== 1) return;
      e.preventDefault();
      e.stopPropagation();
      drag = { x: e.clientX, y: e.clientY, id: e.pointerId };
      try {
        viewport.setPointerCapture(e.pointerId);
      } catch {
        /* a synthetic pointer cannot be captured; the window listeners below do without */
      }
    },
    { capture: true },
  );
  const move = (e: PointerEvent) => {
    if (!drag || e.pointerId !== drag.id) return;
    e.stopPropagation();
    tx += e.clientX - drag.x;
    ty += e.clientY - drag.y;
    drag.x = e.clientX;
    drag.y = e.clientY;
    apply();
  };
  const up = (e: PointerEvent) => {
    if (!drag || e.pointerId !== drag.id) return;
    e.stopPropagation();
    drag = null;
  };
  window.addEventListener('pointermove', move, { capture: true });
  window.addEventListener('pointerup', up, { capture: true });
  viewport.addEventListener('auxclick', (e) => e.preventDefault());

  document.documentElement.dataset.annotatorReady = 'true';
}

main().catch((e) => {
  document.documentElement.dataset.annotatorError ??= String(e?.message ?? e);
  console.error(e);
});
