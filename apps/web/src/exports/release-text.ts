import type { TFunction } from 'i18next';
import { DATASHEET_DEIDENTIFICATION, defaultReleaseName, type Release, type ReleaseDatasheet } from '@tessera/contracts';

/**
 * The server's own words in a release (the name it gives an unnamed release,
 * the datasheet's fixed statements, the subsets' names) in the reader's
 * language. What people wrote (a release's name, its licence) stays as written.
 */
export function releaseName(r: Pick<Release, 'name' | 'number'>, t: TFunction): string {
  return r.name === defaultReleaseName(r.number) ? t('exports.releases.defaultName', { number: r.number }) : r.name;
}

export function deidentificationText(d: Pick<ReleaseDatasheet, 'deidentification'>, t: TFunction): string {
  if (d.deidentification === DATASHEET_DEIDENTIFICATION.dicom) return t('exports.releases.deidentificationDicom');
  if (d.deidentification === DATASHEET_DEIDENTIFICATION.none) return t('exports.releases.deidentificationNone');
  return d.deidentification;
}

const SPLITS = ['train', 'val', 'test', 'default'] as const;
export function splitName(split: string, t: TFunction): string {
  return (SPLITS as readonly string[]).includes(split) ? t(`exports.releases.splitNames.${split as (typeof SPLITS)[number]}`) : split;
}
