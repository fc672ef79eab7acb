import { cache, eventTarget, metaData, utilities as csUtils, type Types } from '@cornerstonejs/core';
import { annotation as csAnnotation, Enums as ToolEnums, utilities as toolUtils, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { Annotation, Label } from '@tessera/contracts';
import { cornerstonePoints, cross, pointsOf } from './geometry';
import type { EngineHost } from './host';
import { FROM_FILE_LIST } from './series-meta';
import { roiStats, type RoiStats } from './stats';
import { GEOMETRY_TOOL, MEASURE, measureOfCs } from './tools';

/**
 * Cornerstone's measurement annotations kept in step with the set: one drawn
 * or moved here goes out as a create/update op (in patient coordinates with
 * its slice); the set's come in as Cornerstone annotations. Also the ROI's
 * HU statistics from the slice's own pixels.
 */
export class Measurements {
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Per measurement, the update a drag left waiting for its timer. */
  private pending = new Map<string, () => void>();
  private known = new Set<string>();
  private cleanups: (() => void)[] = [];

  constructor(private readonly h: EngineHost) {}

  listen() {
    const onCompleted = (e: Event) => this.changed((e as CustomEvent<{ annotation: ToolTypes.Annotation }>).detail.annotation, true);
    const onModified = (e: Event) => this.changed((e as CustomEvent<{ annotation: ToolTypes.Annotation }>).detail.annotation, false);
    const onRemoved = (e: Event) => this.removed((e as CustomEvent<{ annotation: ToolTypes.Annotation }>).detail.annotation);
    // A click on a measurement selects it in Cornerstone (while it can be edited: locked ones, see `idAt`).
    const onSelection = (e: Event) => {
      if (this.h.applying) return;
      const picked = (e as CustomEvent<{ selection: string[] }>).detail.selection.filter((id) => this.isOurs(id));
      this.h.select(picked.length === 1 ? picked[0] : null);
    };
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, onModified);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_REMOVED, onRemoved);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_SELECTION_CHANGE, onSelection);
    this.cleanups.push(() => {
      eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
      eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, onModified);
      eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_REMOVED, onRemoved);
      eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_SELECTION_CHANGE, onSelection);
    });
  }

  /** A measurement of the set (not one being drawn, nor another viewer's annotation). */
  private isOurs(id: string) {
    return this.h.annotations.some((a) => a.id === id && GEOMETRY_TOOL[a.geometry.type]);
  }

  /** Shows the selection on the canvas (Cornerstone's highlight); our own change, so not reported back. */
  highlight(id: string | null) {
    this.h.applying++;
    try {
      if (id && this.isOurs(id)) csAnnotation.selection.setAnnotationSelected(id, true, false);
      else csAnnotation.selection.deselectAnnotation();
    } finally {
      this.h.applying--;
    }
    this.h.viewport()?.render();
  }

  /**
   * The measurement under a page point on the slice shown, if any. Cornerstone's own click selection skips
   * locked annotations, and read-only locks them all: a reviewer picks one through here.
   */
  idAt(clientX: number, clientY: number): string | null {
    const r = this.h.element.getBoundingClientRect();
    let found: ToolTypes.Annotation | null = null;
    try {
      found = toolUtils.getAnnotationNearPoint(this.h.element, [clientX - r.left, clientY - r.top] as Types.Point2, 6);
    } catch {
      return null; // not enabled yet
    }
    const id = found?.annotationUID;
    return id && this.isOurs(id) ? id : null;
  }

  /** The label a new measurement of this tool takes: the chosen one if it allows the tool, else the first that does. */
  labelFor(geometry: string): Label | undefined {
    const chosen = this.h.labels.find((l) => l.id === this.h.labelId);
    if (chosen?.tools.includes(geometry as never)) return chosen;
    return this.h.labels.find((l) => l.tools.includes(geometry as never));
  }

  private sliceOfImage(imageId: string | undefined): number {
    const i = imageId ? this.h.imageIds.indexOf(imageId) : -1;
    return i < 0 ? this.h.state.slice : i;
  }

  private changed(a: ToolTypes.Annotation, completed: boolean) {
    const meta = a.metadata;
    if (this.h.applying || !meta || !a.annotationUID) return;
    const tool = measureOfCs(meta.toolName);
    if (!tool) return;
    const id = a.annotationUID;
    const known = this.h.annotations.find((x) => x.id === id);
    if (!completed && !known) return;
    const run = () => {
      this.pending.delete(id);
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
      const points = pointsOf(tool.geometry, a.data.handles?.points ?? []);
      if (!points) return;
      // Cornerstone says "modified" when it only worked out the statistics of one drawn from the set: not a change.
      if (known && JSON.stringify((known.geometry as { points?: unknown }).points) === JSON.stringify(points)) return;
      const sliceIndex = this.sliceOfImage(meta.referencedImageId);
      const geometry = { type: tool.geometry, sliceIndex, points } as Annotation['geometry'];
      const label = known ? null : this.labelFor(tool.geometry);
      if (!known && !label) return this.drop(id);
      // Asked when it goes out, not when the drag began: the rights may have gone meanwhile.
      const taken = !this.h.readOnly && this.h.emit([known ? { type: 'update', id, patch: { geometry } } : { type: 'create', annotation: { id, labelId: label!.id, geometry } }]);
      if (!taken) this.takeBack(id, !known);
    };
    clearTimeout(this.timers.get(id));
    // Dragging a handle fires on every move: the update goes out once it rests.
    if (completed) run();
    else {
      this.pending.set(id, run);
      this.timers.set(id, setTimeout(run, 300));
    }
  }

  private removed(a: ToolTypes.Annotation) {
    if (this.h.applying || !a.annotationUID) return;
    if (!this.h.annotations.some((x) => x.id === a.annotationUID)) return;
    if (this.h.readOnly || !this.h.emit([{ type: 'delete', id: a.annotationUID }])) this.takeBack(a.annotationUID, false);
  }

  private drop(id: string) {
    this.h.applying++;
    try {
      csAnnotation.state.removeAnnotation(id);
    } finally {
      this.h.applying--;
    }
  }

  /** A change that was not taken: the measurement as the set has it (one drawn anew is removed), and the user told. */
  private takeBack(id: string, drawn: boolean) {
    if (drawn) this.drop(id);
    this.sync();
    this.h.notSaved();
  }

  /** Drags still resting (see `changed`) go out now: the viewer is about to become read-only. */
  flush() {
    for (const run of [...this.pending.values()]) run();
  }

  /** Read-only locks every measurement on screen, so no handle can be dragged where it would not be saved. */
  lockAll(locked: boolean) {
    for (const a of csAnnotation.state.getAllAnnotations()) {
      if (a.annotationUID && measureOfCs(a.metadata?.toolName)) csAnnotation.locking.setAnnotationLocked(a.annotationUID, locked);
    }
    this.h.viewport()?.render();
  }

  /** Cornerstone's annotation state follows the set: new ones added, changed ones moved, gone ones removed. */
  sync() {
    const { imageIds, annotations } = this.h;
    if (!imageIds.length) return;
    const ours = new Map(annotations.filter((a) => GEOMETRY_TOOL[a.geometry.type]).map((a) => [a.id, a]));
    this.h.applying++;
    try {
      for (const existing of csAnnotation.state.getAllAnnotations()) {
        const tool = measureOfCs(existing.metadata?.toolName);
        if (!tool || !existing.annotationUID) continue;
        const mine = ours.get(existing.annotationUID);
        if (!mine) {
          if (annotations.length || this.known.has(existing.annotationUID)) csAnnotation.state.removeAnnotation(existing.annotationUID);
          continue;
        }
        const g = mine.geometry as { points: number[][] };
        const target = cornerstonePoints(mine.geometry.type, g.points);
        const current = existing.data.handles?.points ?? [];
        if (JSON.stringify(pointsOf(tool.geometry, current)) !== JSON.stringify(g.points) && existing.data.handles) {
          existing.data.handles.points = target as Types.Point3[];
          existing.invalidated = true;
        }
        ours.delete(existing.annotationUID);
      }
      for (const a of ours.values()) this.add(a);
      this.known = new Set(annotations.filter((a) => GEOMETRY_TOOL[a.geometry.type]).map((a) => a.id));
    } finally {
      this.h.applying--;
    }
    this.h.viewport()?.render();
  }

  private add(a: Annotation) {
    const g = a.geometry as { type: string; sliceIndex: number; points: number[][] };
    const imageId = this.h.imageIds[g.sliceIndex];
    if (!imageId) return;
    const plane = metaData.get('imagePlaneModule', imageId) as { frameOfReferenceUID?: string; rowCosines?: number[]; columnCosines?: number[]; [FROM_FILE_LIST]?: true } | undefined;
    // Its slice not loaded yet, and no frame of reference known for it (wadouri knows a slice's plane only from its
    // file; the file list's gets the series' one from the first file): added by the sync after loading. Added now,
    // it would carry no frame of reference, and Cornerstone would neither draw nor find it.
    if (!plane || (plane[FROM_FILE_LIST] && !plane.frameOfReferenceUID)) return;
    const row = plane?.rowCosines ?? [1, 0, 0];
    const col = plane?.columnCosines ?? [0, 1, 0];
    const normal = cross(row, col);
    csAnnotation.state.addAnnotation({
      annotationUID: a.id,
      highlighted: false,
      invalidated: true,
      isLocked: this.h.readOnly,
      isVisible: true,
      metadata: {
        toolName: MEASURE[GEOMETRY_TOOL[g.type]]!.cs, referencedImageId: imageId, FrameOfReferenceUID: plane?.frameOfReferenceUID ?? '',
        viewPlaneNormal: normal as Types.Point3, viewUp: col.map((v) => -v) as Types.Point3,
      },
      data: { handles: { points: cornerstonePoints(g.type, g.points, row, col) as Types.Point3[], activeHandleIndex: null, textBox: { hasMoved: false, worldPosition: [0, 0, 0], worldBoundingBox: undefined as never } }, cachedStats: {}, label: '' },
    } as unknown as ToolTypes.Annotation, this.h.element);
  }

  /** HU statistics of an ROI measurement, from the slice's own pixels. */
  statsOf(a: Annotation): RoiStats | null {
    const g = a.geometry;
    if (g.type !== 'rectangle' && g.type !== 'ellipse') return null;
    const imageId = this.h.imageIds[g.sliceIndex];
    const image = imageId ? cache.getImage(imageId) : undefined;
    if (!image) return null;
    const px = (p: readonly number[]) => csUtils.worldToImageCoords(imageId, p as Types.Point3) ?? [0, 0];
    let region;
    if (g.type === 'rectangle') {
      const [a0, a1] = g.points.map(px);
      region = { type: 'rectangle' as const, x0: a0[0], y0: a0[1], x1: a1[0], y1: a1[1] };
    } else {
      const [top, bottom, left, right] = g.points.map(px);
      region = {
        type: 'ellipse' as const, cx: (left[0] + right[0]) / 2, cy: (top[1] + bottom[1]) / 2,
        rx: Math.hypot(right[0] - left[0], right[1] - left[1]) / 2, ry: Math.hypot(bottom[0] - top[0], bottom[1] - top[1]) / 2,
      };
    }
    const scaled = !!image.preScale?.scaled;
    const spacing = [image.rowPixelSpacing ?? 1, image.columnPixelSpacing ?? 1] as const;
    return roiStats({ pixels: image.getPixelData(), width: image.columns, height: image.rows, spacing, slope: scaled ? 1 : image.slope, intercept: scaled ? 0 : image.intercept }, region);
  }

  destroy() {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const c of this.cleanups) c();
    for (const a of csAnnotation.state.getAllAnnotations()) if (this.known.has(a.annotationUID!)) csAnnotation.state.removeAnnotation(a.annotationUID!);
  }
}
