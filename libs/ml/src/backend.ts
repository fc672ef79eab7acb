import type { AttributeValue, Geometry } from '@tessera/contracts';

/**
 * What every model backend — built-in, remote or uploaded — looks like to the
 * pre-annotation jobs. A backend knows models, not Tessera: it takes one
 * asset's content and returns predictions in the model's own class names; the
 * job maps classes to the project's labels, drops unmapped ones and stores the
 * rest as `source: model` annotations.
 */
export type ModelMedia = 'image' | 'text' | 'dicom';

export type ImageInput = {
  media: 'image';
  /** The encoded file (JPEG, PNG, WebP…) as stored. */
  data: Uint8Array;
  width: number;
  height: number;
  /** A short-lived signed URL of the same bytes, for remote backends. */
  url?: string;
};

export type TextInput = { media: 'text'; text: string; url?: string };

/** A de-identified series as one volume, slices in the series' slice order. */
export type VolumeInput = {
  media: 'dicom';
  /** Modality values (HU for CT): x fastest, then y, then slice. */
  voxels: Int16Array | Float32Array;
  /** [columns, rows, slices]. */
  dims: [number, number, number];
  /** Millimetres: [column spacing, row spacing, slice spacing]. */
  spacing: [number, number, number];
  modality: string;
  url?: string;
};

export type ModelInput = ImageInput | TextInput | VolumeInput;

export type ModelPrediction = {
  /** The model's class name, before the label mapping. */
  modelClass: string;
  /** 0..1. */
  score: number;
  geometry: Geometry;
  attributes?: Record<string, AttributeValue>;
};

export type PredictOptions = {
  scoreThreshold: number;
  maxObjects: number;
  signal?: AbortSignal;
};

export interface ModelBackend {
  readonly kind: string;
  readonly media: ModelMedia;
  /** The class names the model can return, for the label-mapping form. */
  classes(): Promise<string[]>;
  predict(input: ModelInput, options: PredictOptions): Promise<ModelPrediction[]>;
  /** Frees what `predict` loaded (workers, sessions). */
  close?(): Promise<void>;
}
