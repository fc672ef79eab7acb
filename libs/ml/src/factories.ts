import type { ModelBackend, ModelMedia } from './backend';
import { CocoDetector, FaceDetector, PoseEstimator, closeImageThreads } from './image';
import { PpOcr, TesseractOcr, closePpOcr, closeTesseract } from './ocr';
import { LabelStudioBackend, MonaiLabelBackend, type LabelStudioOptions, type MonaiLabelOptions } from './remote';
import { OnnxYoloBackend, closeOnnxSessions, type OnnxYoloOptions } from './onnx';

/**
 * Backends by kind. Built-in image and OCR models share one thread per kind
 * per process, so making a backend is cheap; remote ones keep their own
 * concurrency limit, so make one per model and keep it.
 */
export const IMAGE_BUILTINS = {
  'builtin:coco-detect': () => new CocoDetector(),
  'builtin:face': () => new FaceDetector(),
  'builtin:pose': () => new PoseEstimator(),
  'builtin:ocr-en': () => new TesseractOcr(),
  'builtin:ocr-zh': () => new PpOcr(),
} as const satisfies Record<string, () => ModelBackend>;
export type ImageBuiltinKind = keyof typeof IMAGE_BUILTINS;

/** What the Models page lists for the built-ins of this library (media and what the model returns). */
export const IMAGE_BUILTIN_INFO: Record<ImageBuiltinKind, { media: ModelMedia; geometry: 'box' | 'keypoints' | 'polygon'; description: string }> = {
  'builtin:coco-detect': { media: 'image', geometry: 'box', description: 'COCO-80 object detection (CenterNet, @vladmandic/human)' },
  'builtin:face': { media: 'image', geometry: 'box', description: 'Face boxes (BlazeFace, @vladmandic/human)' },
  'builtin:pose': { media: 'image', geometry: 'keypoints', description: 'Person keypoints on the COCO-17 skeleton (CenterNet + MoveNet Lightning)' },
  'builtin:ocr-en': { media: 'image', geometry: 'polygon', description: 'English OCR, one polygon per line with its text (tesseract.js)' },
  'builtin:ocr-zh': { media: 'image', geometry: 'polygon', description: 'Chinese and English OCR, one polygon per line with its text (PP-OCRv4)' },
};

export type ModelBackendConfig =
  | { kind: ImageBuiltinKind }
  | ({ kind: 'label-studio' } & LabelStudioOptions)
  | ({ kind: 'monai-label' } & MonaiLabelOptions)
  | ({ kind: 'onnx-yolo' } & OnnxYoloOptions);

export const REMOTE_FACTORIES = {
  'label-studio': (o: LabelStudioOptions) => new LabelStudioBackend(o),
  'monai-label': (o: MonaiLabelOptions) => new MonaiLabelBackend(o),
  'onnx-yolo': (o: OnnxYoloOptions) => new OnnxYoloBackend(o),
} as const;

export const MODEL_BACKEND_KINDS = [...Object.keys(IMAGE_BUILTINS), ...Object.keys(REMOTE_FACTORIES)] as (ImageBuiltinKind | keyof typeof REMOTE_FACTORIES)[];

/** The backend a configuration names; throws for a kind this library does not know. */
export function createModelBackend(config: ModelBackendConfig): ModelBackend {
  switch (config.kind) {
    case 'label-studio':
      return REMOTE_FACTORIES['label-studio'](config);
    case 'monai-label':
      return REMOTE_FACTORIES['monai-label'](config);
    case 'onnx-yolo':
      return REMOTE_FACTORIES['onnx-yolo'](config);
    default: {
      const make = IMAGE_BUILTINS[config.kind as ImageBuiltinKind];
      if (!make) throw new Error(`unknown model kind "${(config as { kind: string }).kind}"`);
      return make();
    }
  }
}

/** Ends the threads and sessions every built-in image, OCR and ONNX backend of this process holds (shutdown, tests). */
export async function closeModelThreads(): Promise<void> {
  await Promise.all([closeImageThreads(), closeTesseract(), closePpOcr(), closeOnnxSessions()]);
}
