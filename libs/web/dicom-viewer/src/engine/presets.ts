/** Window/level presets (centre and width, HU). MR has no fixed scale: its window comes from the image itself. */
export const CT_PRESETS = {
  softTissue: { center: 40, width: 400 },
  lung: { center: -600, width: 1500 },
  bone: { center: 400, width: 1800 },
  brain: { center: 40, width: 80 },
  liver: { center: 60, width: 160 },
  mediastinum: { center: 50, width: 350 },
} as const;
export type PresetName = keyof typeof CT_PRESETS | 'auto';
export const PRESET_NAMES = [...(Object.keys(CT_PRESETS) as (keyof typeof CT_PRESETS)[]), 'auto'] as const satisfies readonly PresetName[];

/** Cornerstone's VOI range of a centre and width. */
export const voiRange = (center: number, width: number) => ({ lower: center - width / 2, upper: center + width / 2 });
export const windowOf = (r: { lower: number; upper: number }) => ({ center: (r.lower + r.upper) / 2, width: r.upper - r.lower });

/** The automatic window of MR (or anything else): the range of the values in the middle 98 % of the pixels. */
export function autoWindow(pixels: ArrayLike<number>, slope = 1, intercept = 0): { center: number; width: number } {
  if (!pixels.length) return { center: 0, width: 1 };
  const step = Math.max(1, Math.floor(pixels.length / 65536));
  const sample: number[] = [];
  for (let i = 0; i < pixels.length; i += step) sample.push(pixels[i] * slope + intercept);
  sample.sort((a, b) => a - b);
  const lo = sample[Math.floor(sample.length * 0.01)];
  const hi = sample[Math.min(sample.length - 1, Math.floor(sample.length * 0.99))];
  return { center: (lo + hi) / 2, width: Math.max(1, hi - lo) };
}
