// The `canvas` benchmark's floor for canvas.open_ms: the same seeded scene as
// Tessera's playground shown once with nothing else — no app, no framework, no
// editor, no index of the objects, no workers but the picture's. The picture
// is downloaded (?picture=, as the bench opens every page) or else made as the
// playground makes it (scenePicture: drawn and encoded in a worker, started
// first), then decoded and drawn fitted into a canvas the size of the window,
// and the polygons are traced and drawn over it in one pass on the main thread
// the way the editor's settled layer draws them (one path per label, filled at
// 0.2 and outlined 1.5 px). data-annotator-ready is set a frame after, as the
// editor sets it once its first full frame is drawn. What this machine's
// browser needs to put this scene on screen before any editor does anything;
// marks (bare:picture-in, bare:picture-decoded, bare:drawn) say where that
// time went. Built by esbuild at bench time.
// A file, not the library's index: the page needs the scene generator, not the editor.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { SCENE_LABELS, sceneFromQuery, scenePicture, scenePictureFile, scenePolygons } from '../../libs/web/image-annotator/src/playground/scene';

const fail = (message: string) => {
  document.documentElement.dataset.annotatorError = message;
  throw new Error(message);
};

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

async function main() {
  const spec = sceneFromQuery(location.search);
  const file = scenePictureFile(location.search);
  const picture = file ? fetch(file).then((r) => (r.ok ? r.blob() : fail(`picture: HTTP ${r.status}`))) : scenePicture(spec);
  const polygons = scenePolygons(spec);
  const stage = document.querySelector<HTMLDivElement>('[data-testid="annotator-stage"]') ?? fail('no stage element');
  const canvas = document.createElement('canvas');
  const { width, height } = stage.getBoundingClientRect();
  canvas.width = Math.round(width);
  canvas.height = Math.round(height);
  stage.appendChild(canvas);
  const ctx = canvas.getContext('2d') ?? fail('no 2D context');

  const scale = Math.min(canvas.width / spec.width, canvas.height / spec.height);
  const x = (canvas.width - spec.width * scale) / 2;
  const y = (canvas.height - spec.height * scale) / 2;
  const blob = await picture;
  performance.mark('bare:picture-in');
  const bitmap = await createImageBitmap(blob);
  performance.mark('bare:picture-decoded');
  ctx.drawImage(bitmap, x, y, spec.width * scale, spec.height * scale);

  const paths = new Map(SCENE_LABELS.map((l) => [l.id, new Path2D()]));
  for (const p of polygons) {
    const path = new Path2D();
    path.moveTo(p.points[0][0], p.points[0][1]);
    for (let i = 1; i < p.points.length; i++) path.lineTo(p.points[i][0], p.points[i][1]);
    path.closePath();
    paths.get(p.labelId)?.addPath(path);
  }
  ctx.setTransform(scale, 0, 0, scale, x, y);
  ctx.lineWidth = 1.5 / scale;
  for (const l of SCENE_LABELS) {
    const path = paths.get(l.id)!;
    ctx.strokeStyle = l.color;
    ctx.fillStyle = `${l.color}33`;
    ctx.fill(path);
    ctx.stroke(path);
  }
  performance.mark('bare:drawn');
  await frame();
  document.documentElement.dataset.annotatorReady = 'true';
}

main().catch((e: unknown) => (document.documentElement.dataset.annotatorError = String(e)));
