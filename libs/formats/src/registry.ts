import type { FormatId } from '@tessera/contracts';
import type { ExportOptions, ExportReport, ExportSource, FileTree, PeerItem } from './model';
import type { ArchiveSink } from './io/zip-writer';
import { exportCoco } from './coco/coco-export';
import { readCoco } from './coco/coco-import';
import { yoloExporter } from './yolo/yolo-export';
import { yoloReader } from './yolo/yolo-import';
import { exportVoc } from './voc/voc-export';
import { readVoc } from './voc/voc-import';
import { exportCvat } from './cvat/cvat-export';
import { readCvat } from './cvat/cvat-import';
import { exportLabelStudio } from './label-studio/ls-export';
import { readLabelStudio } from './label-studio/ls-import';
import { exportConll, readConll } from './text/conll';
import { exportDoccano, exportJsonl, readTextJsonl } from './text/jsonl';
import { exportDicomSeg, readDicomSeg } from './dicom/seg';
import { exportNifti, readNifti } from './dicom/nifti';
import { exportDicomCsv, readDicomCsv } from './dicom/measurements-csv';

export type Exporter = (src: ExportSource, zip: ArchiveSink, opts: ExportOptions, report: ExportReport) => Promise<void>;
export type Reader = (tree: FileTree) => AsyncIterable<PeerItem>;

/** Every format: how it is written and how it is read. The list of ids and their media types is in libs/contracts. */
export const FORMATS: Record<FormatId, { exporter: Exporter; reader: Reader }> = {
  coco: { exporter: exportCoco, reader: readCoco },
  'yolo-detect': { exporter: yoloExporter('detect'), reader: yoloReader('detect') },
  'yolo-segment': { exporter: yoloExporter('segment'), reader: yoloReader('segment') },
  'yolo-obb': { exporter: yoloExporter('obb'), reader: yoloReader('obb') },
  'yolo-pose': { exporter: yoloExporter('pose'), reader: yoloReader('pose') },
  voc: { exporter: exportVoc, reader: readVoc },
  'cvat-images': { exporter: exportCvat, reader: readCvat },
  'label-studio': { exporter: exportLabelStudio, reader: readLabelStudio },
  conll: { exporter: exportConll, reader: readConll },
  doccano: { exporter: exportDoccano, reader: readTextJsonl },
  jsonl: { exporter: exportJsonl, reader: readTextJsonl },
  'dicom-seg': { exporter: exportDicomSeg, reader: readDicomSeg },
  nifti: { exporter: exportNifti, reader: readNifti },
  csv: { exporter: exportDicomCsv, reader: readDicomCsv },
};
