import { dirname, join } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import type { ModelBackend, ModelInput, ModelPrediction, PredictOptions } from '../backend';
import { imageOf, linePolygon, type OcrLine } from './lines';

/**
 * `builtin:ocr-en`: English OCR with tesseract.js. The trained data is the
 * copy in @tesseract.js-data/eng (langPath points at its folder, nothing is
 * cached or fetched); tesseract.js runs in its own worker thread, one per
 * process, shared by every backend of this kind.
 */
let shared: Promise<Worker> | null = null;

function langPath(): string {
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

function tesseract(): Promise<Worker> {
  shared ??= createWorker('eng', OEM.LSTM_ONLY, { langPath: langPath(), cacheMethod: 'none', gzip: true, errorHandler: () => undefined }).catch((e) => {
    shared = null;
    throw e;
  });
  return shared;
}

export async function closeTesseract(): Promise<void> {
  const w = shared;
  shared = null;
  if (w) await (await w).terminate();
}

export class TesseractOcr implements ModelBackend {
  readonly kind = 'builtin:ocr-en';
  readonly media = 'image' as const;

  async classes() {
    return ['text'];
  }

  async predict(input: ModelInput, options: PredictOptions): Promise<ModelPrediction[]> {
    const png = await imageOf(input, this.kind);
    if (options.signal?.aborted) throw new Error('aborted');
    const worker = await tesseract();
    const { data } = await worker.recognize(png.data, {}, { blocks: true, text: false });
    const lines: OcrLine[] = [];
    for (const block of data.blocks ?? []) {
      for (const para of block.paragraphs) {
        for (const line of para.lines) {
          const text = line.text.trim();
          if (!text) continue;
          const { x0, y0, x1, y1 } = line.bbox;
          lines.push({ text, score: line.confidence / 100, box: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]] });
        }
      }
    }
    return linePolygon(lines, png, input.media === 'image' ? input : null, options);
  }

  async close() {
    await closeTesseract();
  }
}
