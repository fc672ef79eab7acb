import type { StackViewport } from '@cornerstonejs/core';
import type { Annotation, EditOp, Label } from '@tessera/contracts';
import type { CanvasWords } from './tools';

export interface ViewerOptions {
  element: HTMLDivElement;
  labels: readonly Label[];
  readOnly: boolean;
  /** False: the host refused them (see EditorProps.onOps): the engine takes them back on screen. */
  onOps: (ops: EditOp[]) => boolean | void;
  /** Something shown was taken back, as it could not be saved (no right to edit any more): the UI says so. */
  onNotSaved?: () => void;
  /** The selection changed by the user's hand (the panel, the canvas): the host pins a review comment to it. */
  onSelectionChange?: (ids: string[]) => void;
  onReady?: () => void;
  /** Words for Cornerstone's on-canvas measurement text, in the UI's language (English otherwise). */
  canvasWords?: CanvasWords;
}

/** What the overlays and panels show; changes bump `revision`. */
export interface ViewState {
  slice: number;
  slices: number;
  /** Image position of the slice shown (mm). */
  position: readonly number[] | null;
  window: { center: number; width: number } | null;
  invert: boolean;
  modality: string;
  seriesDescription: string;
  /** Slices loaded so far (the first one shown is the middle). */
  loaded: number;
  /** Every slice loaded and the labelmap made: painting works. */
  segmentationReady: boolean;
  zoom: number;
  /** MPR: closed, opening (the volume streaming in), or ready with its three views drawn. */
  mpr: 'closed' | 'loading' | 'ready';
  /** Slices in the MPR volume so far. */
  mprLoaded: number;
}

/**
 * What the engine's parts (labelmap.ts, measurements.ts) share with it: the
 * series, the live set, and the counter that marks changes we make ourselves
 * (Cornerstone's events for those must not go out as ops again).
 */
export interface EngineHost {
  readonly id: string;
  readonly element: HTMLDivElement;
  readonly viewportId: string;
  readonly toolGroupId: string;
  readonly imageIds: readonly string[];
  readonly annotations: readonly Annotation[];
  readonly labels: readonly Label[];
  readonly readOnly: boolean;
  readonly labelId: string | null;
  state: ViewState;
  /** > 0 while we change Cornerstone's state from the set: its events are ours, not the user's. */
  applying: number;
  viewport(): StackViewport | null;
  /** Hands ops to the host; false when it refused them, and the caller must then take back what it shows of them. */
  emit(ops: EditOp[]): boolean;
  /** A change was taken back on screen, unsaved: the user is told. */
  notSaved(): void;
  /** The user selected a measurement on the canvas (null: none): reported to the host. */
  select(id: string | null): void;
  changed(): void;
  segmentLabels(): Label[];
}
