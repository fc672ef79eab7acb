import { closeImageThreads } from './image';
import { closePpOcr, closeTesseract } from './ocr';
import { closeOnnxSessions } from './onnx';

// Backends are made one way only: by kind, through MODEL_KINDS (registry.ts).

/** Ends the threads and sessions every built-in image, OCR and ONNX backend of this process holds (shutdown, tests). */
export async function closeModelThreads(): Promise<void> {
  await Promise.all([closeImageThreads(), closeTesseract(), closePpOcr(), closeOnnxSessions()]);
}
