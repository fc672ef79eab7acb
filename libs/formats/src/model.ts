import type { Readable } from 'node:stream';
import type { Annotation, Geometry, LabelSchema, MediaType, Rle } from '@tessera/contracts';

/**
 * The neutral shapes every converter speaks. Exporters read `ExportItem`s and
 * write files into an archive; readers turn peer files into `PeerItem`s, which
 * `mapPeerItem` (mapping.ts) fits to a project's schema and assets. Nothing
 * here touches a database or a disk: the server hands in streams.
 */

export type ExportAnnotation = Pick<Annotation, 'id' | 'labelId' | 'geometry' | 'attributes' | 'source' | 'score' | 'zIndex' | 'groupId'>;

/** One de-identified DICOM instance of a series, in slice order. */
export interface SeriesInstance {
  sopInstanceUid: string;
  sopClassUid: string;
  /** Image Position (Patient), mm, LPS. */
  position: [number, number, number] | null;
}

/** What a DICOM exporter or reader needs of a series: its geometry and the (de-identified) identifiers to reference. */
export interface SeriesInfo {
  studyUid: string;
  seriesUid: string;
  frameOfReferenceUid: string | null;
  rows: number;
  columns: number;
  /** [between rows, between columns] in mm, as DICOM's Pixel Spacing. */
  pixelSpacing: [number, number];
  sliceThickness: number | null;
  /** Image Orientation (Patient): the row direction, then the column direction. */
  orientation: [number, number, number, number, number, number];
  instances: SeriesInstance[];
  /** Patient and study attributes as the de-identified instances carry them (copied into a SEG, never raw). */
  patient: { name: string; id: string; birthDate: string; sex: string };
  study: { date: string; time: string; id: string; accessionNumber: string; referringPhysician: string; description: string };
}

export interface ExportAsset {
  id: string;
  kind: MediaType;
  /** The uploaded file's name. */
  name: string;
  /** A safe relative file name, unique within one export (the server makes it so). */
  fileName: string;
  /** An identifier the data came with (a JSONL record's id), if any. */
  externalId: string | null;
  width: number | null;
  height: number | null;
}

export interface ExportItem {
  asset: ExportAsset;
  annotations: ExportAnnotation[];
  /** Text assets: the document. */
  text?: string;
  /** DICOM assets: the series. */
  series?: SeriesInfo;
}

/** A file that goes into the archive beside the annotations when media are included. */
export interface MediaFile {
  name: string;
  content: Buffer | Readable;
}

/**
 * Where an exporter reads from. Both iterators are in the same stable order
 * and can be walked more than once (COCO lists its images before its
 * annotations); `assets` is the cheap one.
 */
export interface ExportSource {
  schema: LabelSchema;
  projectName: string;
  /** Subsets in order: ['train', 'val', 'test'] for a release with splits, else ['default']. */
  splits: string[];
  assets(split: string): AsyncIterable<ExportAsset>;
  items(split: string): AsyncIterable<ExportItem>;
  /** The asset's bytes (images, texts, de-identified DICOM), when the export includes media. */
  media?(asset: ExportAsset): Promise<MediaFile[]>;
}

export interface ExportOptions {
  includeMedia: boolean;
  /** CoNLL: the tagging scheme and how Chinese (and other unspaced scripts) become tokens. */
  conll?: { scheme: 'iob2' | 'bioes'; segmentation: 'chars' | 'words' };
}

/** What an exporter tells as it goes: a count of items done, and what it could not write. */
export interface ExportReport {
  progress(items: number): void | Promise<void>;
  /** An annotation the format cannot hold, named by its item. */
  skipped(item: string, message: string): void;
}

// ---------------------------------------------------------------- import side

/** A problem found in a peer file, with where: `line 12`, `annotations[3]`, `train.xml: image 4`. */
export interface Problem {
  where: string;
  message: string;
}

/** Thrown for a file that cannot be read at all (malformed JSON or XML, an entity declaration). */
export class FormatError extends Error {
  constructor(readonly where: string, message: string) {
    super(`${where}: ${message}`);
  }
}

/**
 * Units of a peer geometry's coordinates: pixels, a fraction of the image
 * (YOLO), a percentage (Label Studio); for text, UTF-16 code units, code
 * points (doccano, Python tools) or token indexes (CoNLL, aligned to the
 * document's text by the mapper).
 */
export type PeerUnits = 'px' | 'fraction' | 'percent' | 'utf16' | 'codepoints' | 'tokens';

/** A segment as a peer DICOM file holds it: frames that still have to be found in the target series. */
export interface PeerSegmentGeometry {
  type: 'peer-segment';
  /** Each frame names its source slice by SOP Instance UID or by position (mm, LPS); the mask is rows × columns, row-major, 0/1. */
  frames: { sopInstanceUid?: string; position?: [number, number, number]; rows: number; columns: number; mask: Uint8Array }[];
}

/** A labelmap volume (NIfTI): voxel → slice mapping is decided against the target series. */
export interface PeerVolumeGeometry {
  type: 'peer-volume';
  /** Voxel-to-world (RAS, mm) 4×4, row-major. */
  affine: number[];
  dims: [number, number, number];
  /** 0/1 per voxel, x fastest. */
  mask: Uint8Array;
}

export interface PeerAnnotation {
  /** The peer's name for the label (or its id as text when it has no name). */
  category: string;
  geometry: Geometry | PeerSegmentGeometry | PeerVolumeGeometry;
  units?: PeerUnits;
  /** Peer attribute names → values as the file has them; the mapper fits them to the label's attributes. */
  attributes?: Record<string, unknown>;
  score?: number | null;
  zIndex?: number;
  /** Keypoints named by the peer (CVAT skeletons): put in the order of the label's skeleton by name. */
  pointNames?: string[];
  /** A polygon of four corners that is an oriented box (YOLO OBB): made a box once in pixels. */
  corners?: boolean;
  /** Objects the peer groups together share this key. */
  group?: string | null;
  /** The peer's id for this object, so relations can name it. */
  key?: string;
  /** Relations: the peer keys of their ends (geometry from/to are filled in by the mapper). */
  from?: string;
  to?: string;
  where: string;
}

/** One item of a peer file: an image, a document or a series, and its annotations. */
export interface PeerItem {
  where: string;
  /** How to find the asset: by file name, an external id, the document's text, a series UID. */
  ref: { name?: string; externalId?: string; text?: string; seriesUid?: string };
  /** The size the peer file gives (checked against the asset's). */
  width?: number;
  height?: number;
  /** CoNLL: the document's tokens, which `tokens` spans index. */
  tokens?: string[];
  annotations: PeerAnnotation[];
  /** Objects refused while reading (a polygon with two points, NaN), each with where and why. */
  problems: Problem[];
}

/** Files of an upload: one file, or the entries of a zip archive. Paths use '/'. */
export interface FileTree {
  paths(): string[];
  open(path: string): Promise<Readable>;
}

export type { Rle };
