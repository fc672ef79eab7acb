import { cache, metaData, utilities as csUtils, type Types } from '@cornerstonejs/core';
import type { EngineHost } from './host';
import type { Labelmap } from './labelmap';
import type { SegHost } from './seg-interaction';
import type { HuSlice } from './seg-tools';

/**
 * The engine seen from the segmentation tools (seg-interaction.ts): the
 * series' pixels in HU, the labelmap slices, the slice shown and the mapping
 * between the page and its pixels. Kept here so the engine only creates it.
 */
export function segHostOf(h: EngineHost, seg: Labelmap): SegHost {
  const imageId = (z: number) => h.imageIds[z];
  const current = () => h.viewport()?.getCurrentImageIdIndex() ?? h.state.slice;
  let spacing: [number, number, number] | null = null;
  return {
    element: h.element,
    dims: () => ({ ...seg.size, depth: h.imageIds.length }),
    spacing: () => {
      if (spacing) return spacing;
      const image = cache.getImage(imageId(0));
      const plane = (z: number) => metaData.get('imagePlaneModule', imageId(z)) as { imagePositionPatient?: number[]; sliceThickness?: number } | undefined;
      const a = plane(0)?.imagePositionPatient;
      const b = h.imageIds.length > 1 ? plane(1)?.imagePositionPatient : undefined;
      const between = a && b ? Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]) : 0;
      spacing = [image?.columnPixelSpacing || 1, image?.rowPixelSpacing || 1, between || plane(0)?.sliceThickness || 1];
      return spacing;
    },
    currentSlice: current,
    toImage: (clientX, clientY) => {
      const vp = h.viewport();
      const id = imageId(current());
      if (!vp || !id) return null;
      const r = h.element.getBoundingClientRect();
      const world = vp.canvasToWorld([clientX - r.left, clientY - r.top] as Types.Point2);
      const p = csUtils.worldToImageCoords(id, world);
      return p ? [p[0], p[1]] : null;
    },
    toElement: (col, row) => {
      const vp = h.viewport();
      const id = imageId(current());
      if (!vp || !id) return null;
      const world = csUtils.imageToWorldCoords(id, [col, row]);
      if (!world) return null;
      const [x, y] = vp.worldToCanvas(world);
      return [x, y];
    },
    labelmap: (z) => seg.labelmapOf(z),
    hu: (z): HuSlice | null => {
      const id = imageId(z);
      const image = id ? cache.getImage(id) : undefined;
      if (!image) return null;
      // Images the loader scaled to HU already carry slope 1 and intercept 0 in effect.
      const scaled = !!image.preScale?.scaled;
      return { pixels: image.getPixelData() as ArrayLike<number>, slope: scaled ? 1 : image.slope ?? 1, intercept: scaled ? 0 : image.intercept ?? 0 };
    },
    activeSegment: () => (h.labelId && !h.readOnly && seg.made ? seg.indexOf(h.labelId) : null),
    locked: () => seg.lockedIndexes(),
    redraw: () => seg.redraw(),
    commit: (slices) => seg.commit(slices),
  };
}
