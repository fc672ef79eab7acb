import sharp from 'sharp';
import type { ImageInput, ModelInput, ModelPrediction, PredictOptions } from '../backend';

/** One recognised line: its text, a 0..1 confidence and its outline (four corners, clockwise from top left) in decoded pixels. */
export type OcrLine = { text: string; score: number; box: [number, number][] };

/** The image as PNG, upright (EXIF applied), with its decoded size. */
export async function imageOf(input: ModelInput, kind: string): Promise<{ data: Buffer; width: number; height: number }> {
  if (input.media !== 'image') throw new Error(`${kind} takes images, not ${input.media}`);
  try {
    const { data, info } = await sharp(input.data, { limitInputPixels: 100_000_000 }).rotate().png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch (e) {
    throw new Error(`the image cannot be decoded (${(e as Error).message})`);
  }
}

/** Lines as `polygon` predictions of class `text` with the transcription as attribute `text`, best first. */
export function linePolygon(lines: OcrLine[], decoded: { width: number; height: number }, input: ImageInput | null, o: PredictOptions): ModelPrediction[] {
  const sx = input?.width ? input.width / decoded.width : 1;
  const sy = input?.height ? input.height / decoded.height : 1;
  const r = (v: number) => Math.round(v * 10) / 10;
  return lines
    .filter((l) => l.score >= o.scoreThreshold && l.text.length > 0)
    .map((l) => ({
      modelClass: 'text',
      score: Math.round(Math.min(1, Math.max(0, l.score)) * 1000) / 1000,
      geometry: {
        type: 'polygon' as const,
        points: l.box.map(([x, y]) => [r(Math.min(decoded.width, Math.max(0, x)) * sx), r(Math.min(decoded.height, Math.max(0, y)) * sy)] as [number, number]),
      },
      attributes: { text: l.text },
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, o.maxObjects);
}
