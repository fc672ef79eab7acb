import type { AttributeValue, Geometry } from '@tessera/contracts';
import type { Item } from '../compare/compare';
import { pointSetSimilarity, pointsOf } from '../geometry/points';
import type { Box } from '../geometry/box';
import { rasterise, toRegion, type RegionGeometry } from '../compare/regions';
import { rleVote, type Rle } from '../mask/rle';
import type { SliceMasks } from '../volume/segment';
import { majority, type Member } from './cluster';
import { traceOutline } from './trace';

export interface Weighted {
  item: Item;
  weight: number;
}

/** Attribute values by majority per key (a key most members leave out stays out). */
export function mergeAttributes(members: readonly Weighted[]): Record<string, AttributeValue> {
  const keys = new Set(members.flatMap((m) => Object.keys(m.item.attributes)));
  const out: Record<string, AttributeValue> = {};
  for (const key of keys) {
    const votes = members.map((m) => ({ value: m.item.attributes[key] === undefined ? '\u0000absent' : JSON.stringify(m.item.attributes[key]), weight: m.weight }));
    const won = majority(votes).value;
    if (won !== '\u0000absent') out[key] = JSON.parse(won) as AttributeValue;
  }
  return out;
}

/** Boxes: coordinates averaged, weighted by each person's gold accuracy; rotation as a mean direction. */
export function mergeBoxes(members: readonly Weighted[]): Geometry {
  let W = 0, cx = 0, cy = 0, w = 0, h = 0, s = 0, c = 0;
  for (const { item, weight } of members) {
    const b = item.geometry as Box;
    W += weight;
    cx += weight * (b.x + b.width / 2);
    cy += weight * (b.y + b.height / 2);
    w += weight * b.width;
    h += weight * b.height;
    const t = ((b.rotation ?? 0) * Math.PI) / 180;
    s += weight * Math.sin(t);
    c += weight * Math.cos(t);
  }
  const width = w / W;
  const height = h / W;
  const rotation = Math.round(((Math.atan2(s, c) * 180) / Math.PI) * 1e6) / 1e6;
  return { type: 'box', x: cx / W - width / 2, y: cy / W - height / 2, width, height, rotation: Object.is(rotation, -0) ? 0 : rotation };
}

/**
 * Polygons and masks: the pixels most people covered (`minVotes` of them).
 * A polygon again where the label allows polygons (its outline traced), a mask
 * in the image's frame otherwise. Null when no pixel has a majority.
 */
export function mergeRegionPixels(members: readonly Weighted[], minVotes: number, asPolygon: boolean, imageSize?: readonly [number, number]): Geometry | null {
  const regions = members.map((m) => toRegion(m.item.geometry as RegionGeometry));
  const withMask = regions.find((r) => r.mask);
  let size: readonly [number, number];
  let offset: readonly [number, number];
  if (withMask) {
    size = withMask.mask!.size;
    offset = [0, 0];
  } else {
    const x0 = Math.floor(Math.min(...regions.map((r) => r.bounds.x0)));
    const y0 = Math.floor(Math.min(...regions.map((r) => r.bounds.y0)));
    const x1 = Math.ceil(Math.max(...regions.map((r) => r.bounds.x1)));
    const y1 = Math.ceil(Math.max(...regions.map((r) => r.bounds.y1)));
    size = [y1 - y0 + 1, x1 - x0 + 1];
    offset = [x0, y0];
  }
  const vote = rleVote(regions.map((r) => rasterise(r, size, offset)), minVotes);
  if (!vote.counts.some((c, i) => i % 2 === 1 && c > 0)) return null;
  if (asPolygon) {
    const points = traceOutline(vote, offset);
    if (points && points.length >= 3) return { type: 'polygon', points: points.map(([x, y]) => [x, y]) };
  }
  if (offset[0] === 0 && offset[1] === 0) return { type: 'mask', rle: { size: [size[0], size[1]], counts: [...vote.counts] } };
  if (!imageSize) return null;
  return { type: 'mask', rle: rleVote(regions.map((r) => rasterise(r, imageSize, [0, 0])), minVotes) as { size: [number, number]; counts: number[] } };
}

/** Keypoints: each point averaged over those who placed it (weighted), kept where most did. */
export function mergeKeypoints(members: readonly Weighted[], minVotes: number): Geometry {
  type K = { x: number; y: number; visible: boolean } | null;
  const lists = members.map((m) => (m.item.geometry as Extract<Geometry, { type: 'keypoints' }>).points as K[]);
  const n = Math.max(...lists.map((l) => l.length));
  const points: K[] = [];
  for (let i = 0; i < n; i++) {
    let W = 0, x = 0, y = 0, placed = 0, visible = 0;
    members.forEach((m, k) => {
      const p = lists[k][i];
      if (!p) return;
      placed++;
      if (p.visible !== false) visible++;
      W += m.weight;
      x += m.weight * p.x;
      y += m.weight * p.y;
    });
    points.push(placed >= minVotes && W > 0 ? { x: x / W, y: y / W, visible: visible * 2 >= placed } : null);
  }
  return { type: 'keypoints', points };
}

/** Points, polylines and measurements cannot be averaged vertex by vertex: the member most like the others (the medoid). */
export function medoid(members: readonly Weighted[]): Weighted {
  let best = members[0];
  let bestScore = -Infinity;
  for (const m of members) {
    let s = 0;
    for (const o of members) if (o !== m) s += pointSetSimilarity(pointsOf(m.item.geometry), pointsOf(o.item.geometry)) * o.weight;
    s += 1e-9 * m.weight;
    if (s > bestScore) {
      bestScore = s;
      best = m;
    }
  }
  return best;
}

/** DICOM segments: the voxels most people set, slice by slice. */
export function mergeSegments(members: readonly Weighted[], minVotes: number): Geometry | null {
  const slices = members.map((m) => (m.item.geometry as Extract<Geometry, { type: 'segment' }>).slices as SliceMasks);
  const keys = [...new Set(slices.flatMap((s) => Object.keys(s)))].sort((a, b) => Number(a) - Number(b));
  const out: Record<string, Rle> = {};
  for (const k of keys) {
    const present = slices.map((s) => s[k]).filter((r): r is Rle => !!r);
    if (present.length < minVotes) continue;
    const vote = rleVote(present, minVotes);
    if (vote.counts.some((c, i) => i % 2 === 1 && c > 0)) out[k] = { size: [vote.size[0], vote.size[1]], counts: [...vote.counts] };
  }
  return Object.keys(out).length ? { type: 'segment', slices: out as Record<string, { size: [number, number]; counts: number[] }> } : null;
}

export const weightedMembers = <T extends Item>(group: readonly Member<T>[], weights: readonly number[]): Weighted[] =>
  group.map((m) => ({ item: m.item, weight: weights[m.person] }));
