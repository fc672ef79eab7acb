import { utilities as csUtils, type StackViewport, type Types } from '@cornerstonejs/core';
import type { Annotation } from '@tessera/contracts';
import { isSegment, pixelInside } from './segments';

/**
 * Points of the slice shown, between the viewport element (CSS pixels from its corner), the page, image pixels
 * (column, row) and patient coordinates (mm): for presence, comment pins, the tests and the benchmark. Each is
 * null while the viewport or the slice's image is missing, or off the image.
 */
export interface SliceShown {
  viewport: StackViewport | null;
  imageId: string | undefined;
  element: HTMLElement;
  slice: number;
}

type Point = { x: number; y: number };

/** Where a pixel (column, row) of the slice shown is inside the viewport element. */
export function elementPointOf(s: SliceShown, col: number, row: number): Point | null {
  if (!s.viewport || !s.imageId) return null;
  const world = csUtils.imageToWorldCoords(s.imageId, [col, row]);
  if (!world) return null;
  const [x, y] = s.viewport.worldToCanvas(world);
  return { x, y };
}

/** Where a pixel (column, row) of the slice shown is on the page. */
export function pagePointOf(s: SliceShown, col: number, row: number): Point | null {
  const p = elementPointOf(s, col, row);
  if (!p) return null;
  const r = s.element.getBoundingClientRect();
  return { x: r.left + p.x, y: r.top + p.y };
}

/** Where a point in patient coordinates is inside the viewport element (on the slice shown). */
export function elementPointOfWorld(s: SliceShown, world: Types.Point3): Point | null {
  if (!s.viewport) return null;
  const [x, y] = s.viewport.worldToCanvas(world);
  return Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
}

/** The pixel (column, row, to a tenth) and slice under a page point. */
export function imagePointAt(s: SliceShown, clientX: number, clientY: number): (Point & { slice: number }) | null {
  if (!s.viewport || !s.imageId) return null;
  const r = s.element.getBoundingClientRect();
  const p = csUtils.worldToImageCoords(s.imageId, s.viewport.canvasToWorld([clientX - r.left, clientY - r.top]));
  if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
  return { x: Math.round(p[0] * 10) / 10, y: Math.round(p[1] * 10) / 10, slice: s.slice };
}

export type PinAnchor = { slice: number; world: Types.Point3 } | { slice: number; pixel: { col: number; row: number } };

/**
 * Where a comment pinned to an annotation goes: a measurement's first point (patient coordinates), on its slice;
 * a segment's own pixel on the middle of its slices (where a click on its row goes); null for anything else, or an
 * annotation not in the set.
 */
export function pinAnchor(annotations: readonly Annotation[], annotationId: string): PinAnchor | null {
  const a = annotations.find((x) => x.id === annotationId);
  if (a && isSegment(a)) {
    const slices = Object.keys(a.geometry.slices).map(Number).sort((x, y) => x - y);
    const slice = slices[Math.floor(slices.length / 2)];
    const rle = slice === undefined ? null : a.geometry.slices[String(slice)];
    const pixel = rle ? pixelInside(rle) : null;
    return pixel ? { slice, pixel } : null;
  }
  const g = a?.geometry as { sliceIndex?: number; points?: number[][] } | undefined;
  const first = g?.points?.[0];
  if (typeof g?.sliceIndex !== 'number' || !first || first.length < 3) return null;
  return { slice: g.sliceIndex, world: [first[0], first[1], first[2]] };
}
