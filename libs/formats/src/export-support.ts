import type { ExportAsset, ExportSource } from './model';
import type { ArchiveSink } from './io/zip-writer';

/**
 * Maps each element of a stream to text and yields it in pieces of about
 * 256 kB: one string per object would cost a write per object, one string
 * for all of them would hold the whole file.
 */
export async function* batched<T>(items: AsyncIterable<T>, map: (item: T) => string | Promise<string>, size = 256 * 1024): AsyncGenerator<string> {
  let buf = '';
  for await (const item of items) {
    buf += await map(item);
    if (buf.length >= size) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/** A subset's file name: `instances_default`, `instances_train`… */
export const subsetFile = (prefix: string, split: string) => `${prefix}_${split}`;

/** Puts each asset's bytes into the archive under the name `pathOf` gives (images whole in memory are stored, not deflated again). */
export async function addMedia(src: ExportSource, split: string, zip: ArchiveSink, pathOf: (a: ExportAsset, name: string) => string): Promise<void> {
  if (!src.media) return;
  for await (const asset of src.assets(split)) {
    for (const f of await src.media(asset)) {
      const compress = asset.kind !== 'image';
      await zip.add(pathOf(asset, f.name), f.content, { compress });
    }
  }
}

/** The file name without its extension. */
export const stem = (name: string) => name.replace(/\.[^./]*$/, '');
