import sharp from 'sharp';
import { prng, type Prng } from './prng';

/**
 * Dash-cam-like street scenes for the *Street scenes* demo project, drawn as
 * SVG and rendered by sharp, with the true geometry of every drawn object.
 *
 * Geometry is in pixels. A box {x, y, w, h} covers columns x … x+w-1 and rows
 * y … y+h-1: exactly the pixels the object changed. Polygons and keypoints are
 * in the continuous frame where pixel (i, j) is the square [i, i+1) × [j, j+1),
 * so a sign's polygon has the sign's box as its bounding box. Every coordinate
 * is an integer, objects never overlap, and poles, road and weather belong to
 * the background, so "what differs from the empty street" is exactly the union
 * of the boxes (the tests check this pixel by pixel).
 */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
export type Point = [number, number];
export type StreetLabel = 'car' | 'pedestrian' | 'cyclist' | 'traffic-sign';
export type Weather = 'clear' | 'rain' | 'fog' | 'night';

export interface StreetObject {
  label: StreetLabel;
  box: Box;
  /** traffic signs: the outline of the sign face */
  polygon?: Point[];
  /** pedestrians: the schema's skeleton points (the person faces the camera, so their left is the image's right) */
  keypoints?: Record<string, Point>;
  /** attribute values as the label schema names them */
  attributes: Record<string, string | boolean>;
  /** what was drawn, more finely than the label (sign shape, car body) */
  shape: string;
}

export interface StreetImage {
  file: string;
  width: number;
  height: number;
  /** the `scene` tag's weather attribute */
  scene: { weather: Weather[] };
  objects: StreetObject[];
}

export interface StreetScene extends StreetImage {
  format: 'jpeg' | 'png';
  /** SVG fragments: background, one per object (same order as objects), weather over everything */
  svg: { background: string; objects: string[]; overlay: string };
}

export const STREET_SEED = 20240307;
const SIZES: [number, number][] = [[1280, 720], [1280, 720], [1920, 1080], [960, 540], [1024, 768]];
const CAR_COLOURS = ['#c0392b', '#2c3e50', '#ecf0f1', '#7f8c8d', '#2980b9', '#16a085', '#f39c12', '#8e44ad', '#d35400', '#1b1b1b'];
const CLOTHES = ['#e74c3c', '#3498db', '#9b59b6', '#f1c40f', '#1abc9c', '#e67e22', '#34495e', '#ff7fbf'];
const SKIN = ['#f1c27d', '#e0ac69', '#c68642', '#8d5524', '#ffdbac'];

const rect = (x: number, y: number, w: number, h: number, fill: string, extra = '') => `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}"${extra}/>`;
const poly = (points: Point[], fill: string, extra = '') => `<polygon points="${points.map((p) => p.join(',')).join(' ')}" fill="${fill}"${extra}/>`;
const circle = (cx: number, cy: number, r: number, fill: string, extra = '') => `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}"${extra}/>`;
const line = (a: Point, b: Point, stroke: string, width: number) => `<line x1="${a[0]}" y1="${a[1]}" x2="${b[0]}" y2="${b[1]}" stroke="${stroke}" stroke-width="${width}" stroke-linecap="butt"/>`;
const R = Math.round;

function inflate(b: Box, by: number): Box {
  return { x: b.x - by, y: b.y - by, w: b.w + 2 * by, h: b.h + 2 * by };
}
function overlaps(a: Box, b: Box) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** A car seen from behind; kind sets the proportions. */
function car(rng: Prng, x: number, y: number, w: number, kind: string): { object: StreetObject; svg: string } {
  const ratio = { sedan: 0.78, suv: 0.92, van: 1.05, truck: 1.2, bus: 1.25 }[kind] ?? 0.8;
  const h = Math.max(8, R(w * ratio));
  const colour = kind === 'bus' ? rng.pick(['#f1c40f', '#e74c3c', '#27ae60']) : rng.pick(CAR_COLOURS);
  const parts: string[] = [];
  const wheelH = Math.max(2, R(h * 0.14));
  const wheelW = Math.max(2, R(w * 0.16));
  const inset = Math.max(1, R(w * 0.07));
  // Wheels make the bottom edge; the body the sides; the roof (or the box of a truck or bus) the top.
  parts.push(rect(x + inset, y + h - wheelH, wheelW, wheelH, '#141414'), rect(x + w - inset - wheelW, y + h - wheelH, wheelW, wheelH, '#141414'));
  if (kind === 'truck' || kind === 'bus' || kind === 'van') {
    parts.push(rect(x, y, w, h - R(wheelH / 2), colour, ` rx="${Math.max(1, R(w * 0.04))}"`));
    if (kind === 'bus') parts.push(rect(x + R(w * 0.08), y + R(h * 0.1), w - 2 * R(w * 0.08), R(h * 0.3), '#1d2b36'));
    else if (kind === 'van') parts.push(rect(x + R(w * 0.12), y + R(h * 0.08), w - 2 * R(w * 0.12), R(h * 0.28), '#22313f'));
    else parts.push(rect(x + R(w * 0.05), y + R(h * 0.05), w - 2 * R(w * 0.05), R(h * 0.6), '#dcdde1'));
  } else {
    const roofTop = y;
    const bodyTop = y + R(h * 0.4);
    const roofInset = R(w * 0.16);
    const waistInset = R(w * 0.05);
    parts.push(poly([[x + roofInset, roofTop], [x + w - roofInset, roofTop], [x + w - waistInset, bodyTop], [x + waistInset, bodyTop]], colour));
    const g = Math.max(1, R(w * 0.04));
    parts.push(poly([[x + roofInset + g, roofTop + g], [x + w - roofInset - g, roofTop + g], [x + w - waistInset - 2 * g, bodyTop], [x + waistInset + 2 * g, bodyTop]], '#1f2d3a'));
    parts.push(rect(x, bodyTop, w, y + h - R(wheelH / 2) - bodyTop, colour, ` rx="${Math.max(1, R(w * 0.05))}"`));
  }
  const lightY = y + R(h * 0.55);
  const lightW = Math.max(1, R(w * 0.14));
  const lightH = Math.max(1, R(h * 0.08));
  parts.push(rect(x + R(w * 0.06), lightY, lightW, lightH, '#ff2d2d'), rect(x + w - R(w * 0.06) - lightW, lightY, lightW, lightH, '#ff2d2d'));
  parts.push(rect(x + R(w * 0.38), y + R(h * 0.68), Math.max(1, R(w * 0.24)), Math.max(1, R(h * 0.08)), '#f5f6fa'));
  return {
    object: { label: 'car', box: { x, y, w, h }, attributes: { occluded: false, kind }, shape: `car, rear view (${kind})` },
    svg: `<g>${parts.join('')}</g>`,
  };
}

/** A person facing the camera: head, torso, arms down to the hands, legs down to the feet. */
function pedestrian(rng: Prng, x: number, y: number, h: number): { object: StreetObject; svg: string } {
  const headR = Math.max(2, R(h * 0.075));
  const w = Math.max(2 * headR + 4, R(h * 0.34));
  const cx = x + Math.floor(w / 2);
  const cy = y + headR;
  const shirt = rng.pick(CLOTHES);
  const trousers = rng.pick(['#2c3e50', '#34495e', '#4b3621', '#1c1c1c', '#5d6d7e']);
  const skin = rng.pick(SKIN);
  const shoulder = y + 2 * headR + Math.max(1, R(h * 0.02));
  const torsoW = Math.max(2, R(w * 0.5));
  const torsoX = cx - Math.floor(torsoW / 2);
  const hip = y + R(h * 0.55);
  const armW = Math.max(1, R(w * 0.16));
  const handY = y + R(h * 0.52);
  const legW = Math.max(1, Math.floor(torsoW / 2) - 1);
  const parts = [
    rect(x, shoulder, armW, handY - shoulder, shirt), // the person's right arm (image left)
    rect(x + w - armW, shoulder, armW, handY - shoulder, shirt),
    rect(torsoX, shoulder, torsoW, hip - shoulder, shirt),
    rect(torsoX, hip, legW, y + h - hip, trousers),
    rect(torsoX + torsoW - legW, hip, legW, y + h - hip, trousers),
    circle(cx, cy, headR, skin),
  ];
  const keypoints: Record<string, Point> = {
    head: [cx, cy],
    'left hand': [x + w - armW / 2, handY],
    'right hand': [x + armW / 2, handY],
    'left foot': [torsoX + torsoW - legW / 2, y + h],
    'right foot': [torsoX + legW / 2, y + h],
  };
  return {
    object: { label: 'pedestrian', box: { x, y, w, h }, keypoints, attributes: { occluded: false }, shape: 'person, front view' },
    svg: `<g>${parts.join('')}</g>`,
  };
}

/** A cyclist from the side: two wheels make the left, right and bottom edges, the rider's head the top. */
function cyclist(rng: Prng, x: number, y: number, h: number): { object: StreetObject; svg: string } {
  const stroke = Math.max(2, 2 * R(h * 0.02));
  const outer = Math.max(4, R(h * 0.2));
  const r = outer - stroke / 2; // the ring's middle, so its outer edge is at `outer`
  const w = 4 * outer + R(outer * 0.5);
  const rear: Point = [x + outer, y + h - outer];
  const front: Point = [x + w - outer, y + h - outer];
  const frame = rng.pick(['#e74c3c', '#2980b9', '#27ae60', '#f39c12']);
  const shirt = rng.pick(CLOTHES);
  const headR = Math.max(2, R(h * 0.08));
  const head: Point = [x + R(w * 0.6), y + headR];
  const seat: Point = [x + R(w * 0.4), y + h - 2 * outer];
  const bar: Point = [x + R(w * 0.7), y + h - R(outer * 2.2)];
  const parts = [
    circle(rear[0], rear[1], r, 'none', ` stroke="#111111" stroke-width="${stroke}"`),
    circle(front[0], front[1], r, 'none', ` stroke="#111111" stroke-width="${stroke}"`),
    line(rear, seat, frame, stroke),
    line(seat, [front[0] - outer, front[1] - R(outer * 0.2)], frame, stroke),
    line(bar, front, frame, stroke),
    line(rear, [front[0] - outer, front[1] - R(outer * 0.2)], frame, stroke),
    poly([seat, [head[0] - headR, head[1] + headR + 1], [head[0] + headR, head[1] + headR + 1], bar], shirt),
    circle(head[0], head[1], headR, rng.pick(SKIN)),
  ];
  return { object: { label: 'cyclist', box: { x, y, w, h }, attributes: {}, shape: 'cyclist, side view' }, svg: `<g>${parts.join('')}</g>` };
}

/** A sign face of side s at (x, y); its polygon is what is filled. */
function sign(rng: Prng, x: number, y: number, s: number): { object: StreetObject; svg: string } {
  const kind = rng.pick(['stop', 'warning', 'give-way', 'no-entry', 'info'] as const);
  const half = s / 2;
  let polygon: Point[];
  let inner = '';
  if (kind === 'stop') {
    const c = R(s * 0.29);
    polygon = [[x + c, y], [x + s - c, y], [x + s, y + c], [x + s, y + s - c], [x + s - c, y + s], [x + c, y + s], [x, y + s - c], [x, y + c]];
    inner = rect(x + R(s * 0.18), y + R(s * 0.42), s - 2 * R(s * 0.18), Math.max(1, R(s * 0.16)), '#ffffff');
  } else if (kind === 'warning' || kind === 'give-way') {
    // Real triangular signs have rounded corners; a 2-pixel flat keeps every corner a drawn pixel.
    const t = kind === 'warning';
    const mid = x + Math.floor(half);
    const top = y;
    const bottom = y + s;
    polygon = t
      ? [[mid - 1, top], [mid + 1, top], [x + s, bottom - 1], [x + s, bottom], [x, bottom], [x, bottom - 1]]
      : [[x, top], [x + s, top], [x + s, top + 1], [mid + 1, bottom], [mid - 1, bottom], [x, top + 1]];
    const b = Math.max(2, R(s * 0.14));
    const innerPoly: Point[] = t
      ? [[mid, top + 2 * b], [x + s - R(1.6 * b), bottom - b], [x + R(1.6 * b), bottom - b]]
      : [[x + R(1.6 * b), top + b], [x + s - R(1.6 * b), top + b], [mid, bottom - 2 * b]];
    inner = poly(innerPoly, '#ffffff');
    if (t) inner += rect(mid - Math.max(1, R(s * 0.04)), top + R(s * 0.45), Math.max(2, 2 * R(s * 0.04)), R(s * 0.25), '#111111');
  } else if (kind === 'no-entry') {
    // A 16-gon with flat sides at the extremes, so its bounding box is the sign's.
    const apothem = half;
    const radius = apothem / Math.cos(Math.PI / 16);
    polygon = Array.from({ length: 16 }, (_, i) => {
      const a = Math.PI / 16 + (i * Math.PI) / 8;
      return [R(x + half + radius * Math.cos(a)), R(y + half + radius * Math.sin(a))] as Point;
    });
    polygon = polygon.map(([px, py]) => [Math.min(x + s, Math.max(x, px)), Math.min(y + s, Math.max(y, py))] as Point);
    inner = rect(x + R(s * 0.2), y + R(s * 0.42), s - 2 * R(s * 0.2), Math.max(1, R(s * 0.16)), '#ffffff');
  } else {
    const h = R(s * 0.7);
    polygon = [[x, y], [x + s, y], [x + s, y + h], [x, y + h]];
    const a = Math.max(1, R(s * 0.12));
    inner = poly([[x + 2 * a, y + R(h / 2) - a], [x + s - 3 * a, y + R(h / 2) - a], [x + s - 3 * a, y + R(h / 2) - 2 * a], [x + s - a, y + R(h / 2)], [x + s - 3 * a, y + R(h / 2) + 2 * a], [x + s - 3 * a, y + R(h / 2) + a], [x + 2 * a, y + R(h / 2) + a]], '#ffffff');
  }
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  const box = { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
  const fill = kind === 'info' ? '#1e56a0' : kind === 'stop' || kind === 'no-entry' ? '#d0021b' : '#d0021b';
  return {
    object: { label: 'traffic-sign', box, polygon, attributes: { text: kind === 'stop' ? 'STOP' : '' }, shape: `${kind} sign` },
    svg: `<g>${poly(polygon, fill)}${inner}</g>`,
  };
}

/** The street without its road users: sky, buildings, road, markings, sign poles. */
function background(rng: Prng, width: number, height: number, horizon: number, night: boolean, poles: Box[]): string {
  const parts: string[] = [];
  const sky = night ? ['#050914', '#1b2440'] : [rng.pick(['#6fa8dc', '#8ec3ea', '#a4c8e8']), '#dcecf7'];
  parts.push(`<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky[0]}"/><stop offset="1" stop-color="${sky[1]}"/></linearGradient></defs>`);
  parts.push(rect(0, 0, width, horizon, 'url(#sky)'));
  let bx = 0;
  while (bx < width) {
    const bw = rng.int(R(width * 0.04), R(width * 0.12));
    const bh = rng.int(R(height * 0.06), R(height * 0.3));
    const shade = night ? rng.pick(['#15161c', '#1c1e26', '#22242c']) : rng.pick(['#b8b0a2', '#9a9488', '#c9c2b5', '#8a8f98', '#a69079']);
    parts.push(rect(bx, horizon - bh, bw, bh, shade));
    for (let wy = horizon - bh + 6; wy < horizon - 10; wy += 14) {
      for (let wx = bx + 5; wx < bx + bw - 10; wx += 12) {
        if (rng.chance(0.6)) parts.push(rect(wx, wy, 5, 7, night ? (rng.chance(0.4) ? '#f7d774' : '#2b2d36') : '#6d7d8c'));
      }
    }
    bx += bw + rng.int(0, 6);
  }
  parts.push(rect(0, horizon, width, height - horizon, night ? '#1f2b1f' : '#6b8e4e'));
  const vx = R(width / 2);
  parts.push(poly([[vx - 4, horizon], [vx + 4, horizon], [width, height], [0, height]], night ? '#26262a' : '#5b5d60'));
  parts.push(poly([[vx - 4, horizon], [vx - 1, horizon], [R(width * 0.08), height], [0, height]], night ? '#3a3a3e' : '#a6a29a'));
  parts.push(poly([[vx + 1, horizon], [vx + 4, horizon], [width, height], [R(width * 0.92), height]], night ? '#3a3a3e' : '#a6a29a'));
  // Dashed centre line: dashes grow towards the camera.
  for (let t = 0.05; t < 1; t += 0.12) {
    const y0 = R(horizon + (height - horizon) * t);
    const y1 = R(horizon + (height - horizon) * Math.min(1, t + 0.06));
    const w0 = Math.max(1, R(width * 0.006 * t));
    const w1 = Math.max(1, R(width * 0.006 * (t + 0.06)));
    parts.push(poly([[vx - w0, y0], [vx + w0, y0], [vx + w1, y1], [vx - w1, y1]], '#f5f5f0'));
  }
  for (const p of poles) parts.push(rect(p.x, p.y, p.w, p.h, '#8a8d91'));
  return parts.join('');
}

function overlay(weather: Weather, rng: Prng, width: number, height: number): string {
  if (weather === 'fog') return rect(0, 0, width, height, '#e8ecef', ' opacity="0.35"');
  if (weather === 'rain') {
    const streaks: string[] = [rect(0, 0, width, height, '#3b4654', ' opacity="0.18"')];
    for (let i = 0; i < 140; i++) {
      const x = rng.int(0, width);
      const y = rng.int(0, height);
      streaks.push(line([x, y], [x - 6, y + 22], '#dfe6ee', 1).replace('/>', ' opacity="0.35"/>'));
    }
    return streaks.join('');
  }
  if (weather === 'night') return rect(0, 0, width, height, '#000814', ' opacity="0.25"');
  return '';
}

/** One scene, laid out from its own seed: the same index gives the same scene. */
export function streetScene(index: number, seed = STREET_SEED): StreetScene {
  const rng = prng(seed * 1000 + index);
  const [width, height] = SIZES[index % SIZES.length];
  const horizon = R(height * rng.pick([0.4, 0.42, 0.45]));
  const weather: Weather = rng.pick(['clear', 'clear', 'clear', 'rain', 'fog', 'night'] as const);
  const depth = (groundY: number) => (groundY - horizon) / (height - horizon);
  const roadHalf = (groundY: number) => (width / 2) * depth(groundY);
  const taken: Box[] = [];
  const objects: StreetObject[] = [];
  const svgs: string[] = [];
  const poles: Box[] = [];
  const fits = (b: Box) => b.x >= 1 && b.y >= 1 && b.x + b.w <= width - 1 && b.y + b.h <= height - 1 && !taken.some((t) => overlaps(inflate(t, 3), b));
  const place = (made: { object: StreetObject; svg: string }, pole?: Box) => {
    const b = made.object.box;
    if (!fits(b) || (pole && !fits(pole))) return false;
    taken.push(b);
    if (pole) taken.push(pole);
    objects.push(made.object);
    svgs.push(made.svg);
    if (pole) poles.push(pole);
    return true;
  };
  const attempts = (n: number, tryOnce: () => boolean) => {
    for (let i = 0; i < n * 20 && n > 0; i++) if (tryOnce()) n--;
  };

  attempts(rng.int(2, 6), () => {
    const groundY = rng.int(horizon + R(height * 0.06), height - 2);
    const kind = rng.pick(['sedan', 'sedan', 'sedan', 'suv', 'suv', 'van', 'truck', 'bus'] as const);
    const w = Math.max(16, R(roadHalf(groundY) * rng.pick([0.42, 0.5, 0.55]) * (kind === 'bus' || kind === 'truck' ? 1.25 : 1)));
    const lane = rng.pick([-0.55, -0.18, 0.18, 0.55]);
    const cx = R(width / 2 + lane * roadHalf(groundY));
    const probe = car(prng(0), 0, 0, w, kind);
    const h = probe.object.box.h;
    return place(car(rng, cx - R(w / 2), groundY - h, w, kind));
  });
  attempts(rng.int(1, 4), () => {
    const groundY = rng.int(horizon + R(height * 0.05), height - 2);
    const h = Math.max(20, R(height * 0.55 * depth(groundY)));
    const side = rng.chance(0.5) ? -1 : 1;
    const cx = R(width / 2 + side * roadHalf(groundY) * rng.pick([1.05, 1.2, 1.4]));
    const probe = pedestrian(prng(0), 0, 0, h);
    return place(pedestrian(rng, cx - R(probe.object.box.w / 2), groundY - h, h));
  });
  attempts(rng.int(0, 2), () => {
    const groundY = rng.int(horizon + R(height * 0.08), height - 2);
    const h = Math.max(24, R(height * 0.5 * depth(groundY)));
    const side = rng.chance(0.5) ? -1 : 1;
    const cx = R(width / 2 + side * roadHalf(groundY) * 0.85);
    return place(cyclist(rng, cx - R(h * 0.6), groundY - h, h));
  });
  attempts(rng.int(1, 3), () => {
    const groundY = rng.int(horizon + R(height * 0.04), R(height * 0.85));
    const s = Math.max(12, R(height * 0.16 * depth(groundY)));
    const poleH = R(s * 2.2);
    const side = rng.chance(0.5) ? -1 : 1;
    const cx = R(width / 2 + side * roadHalf(groundY) * 1.15);
    const x = cx - R(s / 2);
    const y = groundY - poleH - s;
    const poleW = Math.max(2, R(s * 0.1));
    // The pole is street furniture (background); it starts 4 px below the face so the face's box stays its own.
    const pole = { x: cx - Math.floor(poleW / 2), y: y + s + 4, w: poleW, h: groundY - (y + s + 4) };
    return place(sign(rng, x, y, s), pole);
  });

  const weatherRng = prng(seed * 7 + index);
  const bg = background(rng, width, height, horizon, weather === 'night', poles);
  const num = String(index + 1).padStart(3, '0');
  const format = index % 6 === 5 ? 'png' : 'jpeg';
  return {
    file: `street-${num}.${format === 'png' ? 'png' : 'jpg'}`,
    width,
    height,
    format,
    scene: { weather: [weather] },
    objects,
    svg: { background: bg, objects: svgs, overlay: overlay(weather, weatherRng, width, height) },
  };
}

export function sceneSvg(scene: StreetScene, opts: { objects?: boolean } = {}): string {
  const { width, height, svg } = scene;
  const objects = opts.objects === false ? '' : svg.objects.join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${svg.background}${objects}${svg.overlay}</svg>`;
}

/** The rendered scene as raw RGB (3 channels, row-major). */
export async function renderRaw(scene: StreetScene, opts: { objects?: boolean } = {}): Promise<Buffer> {
  return sharp(Buffer.from(sceneSvg(scene, opts))).removeAlpha().raw().toBuffer();
}

/** The file as uploaded: JPEG (quality 90, no chroma subsampling) or PNG. */
export async function encodeScene(scene: StreetScene): Promise<Buffer> {
  const img = sharp(await renderRaw(scene), { raw: { width: scene.width, height: scene.height, channels: 3 } });
  return scene.format === 'png' ? img.png({ compressionLevel: 6 }).toBuffer() : img.jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer();
}

export const STREET_IMAGE_COUNT = 24;

export function streetScenes(count = STREET_IMAGE_COUNT, seed = STREET_SEED): StreetScene[] {
  return Array.from({ length: count }, (_, i) => streetScene(i, seed));
}

/** The sidecar: the true geometry of every drawn object, one entry per image. */
export function streetTruth(scenes: StreetScene[]) {
  return {
    generator: 'seeds/src/street-scenes.ts',
    conventions:
      'pixels; box {x,y,w,h} covers columns x..x+w-1 and rows y..y+h-1; polygons and keypoints in the continuous frame where pixel (i,j) is [i,i+1)x[j,j+1)',
    images: scenes.map(({ file, width, height, scene, objects }): StreetImage => ({ file, width, height, scene, objects })),
  };
}
