import { liverCtSeries, liverCtSidecar } from './liver-ct';
import { newsCorpus, newsJsonl, newsSidecar } from './news-corpus';
import { encodeScene, streetScenes, streetTruth } from './street-scenes';

export interface DemoFile {
  name: string;
  bytes: Buffer;
}

/** What one demo project gets: the files to upload and the truth to keep beside them. */
export interface DemoAssets {
  project: string;
  files: DemoFile[];
  /** ground truth for later QC and pre-annotation work; never uploaded */
  sidecar: { name: string; content: unknown };
  /** keep the files in the seed cache beside their truth (not DICOM: patient data, even made-up, rests only de-identified) */
  cacheFiles: boolean;
}

export const sidecarJson = (v: unknown) => `${JSON.stringify(v, null, 1)}\n`;

/** Each project's files, made on demand and in memory (a few seconds for all three). */
export const DEMO_ASSETS: Record<string, () => Promise<DemoAssets>> = {
  'Street scenes': async () => {
    const scenes = streetScenes();
    const files = await Promise.all(scenes.map(async (s) => ({ name: s.file, bytes: await encodeScene(s) })));
    return { project: 'Street scenes', files, sidecar: { name: 'street-scenes.truth.json', content: streetTruth(scenes) }, cacheFiles: true };
  },
  'News entities': async () => {
    const { documents, truth } = newsCorpus();
    return {
      project: 'News entities',
      files: [{ name: 'news.jsonl', bytes: Buffer.from(newsJsonl(documents), 'utf8') }],
      sidecar: { name: 'news.spans.json', content: newsSidecar(truth) },
      cacheFiles: true,
    };
  },
  'Liver CT': async () => ({ project: 'Liver CT', files: liverCtSeries(), sidecar: { name: 'liver-ct.truth.json', content: liverCtSidecar() }, cacheFiles: false }),
};
