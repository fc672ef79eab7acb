import type { LabelSchema, QcSettings } from '@tessera/contracts';
import type { CompareOptions, Spacing } from '@tessera/quality';

/** The metric options a project's settings and label schema give. */
export function compareOptions(qc: QcSettings, schema: LabelSchema | null, spacing?: Spacing): CompareOptions {
  const sigmas: Record<string, number[]> = {};
  const attributeKeys: Record<string, string[]> = {};
  for (const l of schema?.labels ?? []) {
    if (l.skeleton?.sigmas) sigmas[l.id] = l.skeleton.sigmas;
    attributeKeys[l.id] = l.attributes.map((a) => a.key);
  }
  return {
    iouThreshold: qc.iouThreshold, oksThreshold: qc.oksThreshold, minDice: qc.minDice, maxHd95Mm: qc.maxHd95Mm,
    sigmas, attributeKeys, ...(spacing ? { spacing } : {}),
  };
}

/** Voxel size of a DICOM series from its asset metadata (PixelSpacing is row spacing, then column spacing). */
export function spacingOf(metadata: Record<string, unknown>): Spacing | undefined {
  const ps = metadata.pixelSpacing as number[] | null | undefined;
  const z = metadata.sliceSpacing as number | null | undefined;
  if (!ps || ps.length < 2 || !z) return undefined;
  return { x: ps[1], y: ps[0], z };
}

/** A stable fingerprint of what a result was computed from. */
export const fingerprint = (...parts: unknown[]) => JSON.stringify(parts);
