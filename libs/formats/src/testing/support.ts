import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { labelSchemaDefinition, type Geometry, type LabelSchema, type LabelSchemaInput, type MediaType } from '@tessera/contracts';
import type { ExportAsset, ExportItem, ExportOptions, ExportSource, FileTree, PeerItem } from '../model';
import { ZipWriter, collect } from '../io/zip-writer';
import { openZip } from '../io/file-tree';
import { mapPeerItem, type MappedItem, type TargetAsset } from '../mapping';

/** Peer fixtures (files other tools wrote): TESSERA_FIXTURES, else ../shared/fixtures beside the repository. */
export const FIXTURES = process.env.TESSERA_FIXTURES ?? resolve(__dirname, '../../../../../shared/fixtures');

/** A fixture's path, or null — and says so loudly — when the fixtures are not here. */
export function fixture(...parts: string[]): string | null {
  const p = join(FIXTURES, ...parts);
  if (!existsSync(p)) {
    console.warn(`SKIPPED: peer fixture ${p} is not here (set TESSERA_FIXTURES)`);
    return null;
  }
  return p;
}

/** A folder on disk as a file tree (fixtures). */
export function dirTree(dir: string): FileTree {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(relative(dir, p).split('\\').join('/'));
    }
  };
  if (statSync(dir).isDirectory()) walk(dir);
  return {
    paths: () => (statSync(dir).isDirectory() ? files : [dir.split('/').pop()!]),
    open: async (p) => Readable.from([readFileSync(statSync(dir).isDirectory() ? join(dir, p) : dir)]),
  };
}

const TOOLS: Record<MediaType, string[]> = {
  image: ['box', 'polygon', 'polyline', 'points', 'keypoints', 'mask', 'tag'],
  text: ['span', 'relation', 'doc-label'],
  dicom: ['segment', 'length', 'ellipse', 'rectangle', 'angle', 'bidirectional', 'classification'],
};

/** A schema with one label per name, every tool of the media type; `extra` adds to labels by name. */
export function schemaFor(media: MediaType, names: string[], extra: Record<string, Partial<LabelSchemaInput['labels'][number]>> = {}): LabelSchema {
  return labelSchemaDefinition.parse({
    labels: names.map((name, i) => ({
      id: `l${i}`,
      name,
      color: `#${((i * 2654435761) >>> 8).toString(16).padStart(6, '0').slice(0, 6)}`,
      tools: TOOLS[media],
      ...extra[name],
    })),
  });
}

export function asset(id: string, fileName: string, kind: MediaType = 'image', width: number | null = 640, height: number | null = 480): ExportAsset {
  return { id, kind, name: fileName, fileName, externalId: null, width, height };
}

/** An export source over items in memory. */
export function memorySource(schema: LabelSchema, items: ExportItem[], splits: Record<string, string> | null = null): ExportSource {
  const of = (split: string) => items.filter((i) => (splits ? splits[i.asset.id] === split : true));
  return {
    schema,
    projectName: 'Test project',
    splits: splits ? [...new Set(Object.values(splits))] : ['default'],
    async *assets(split) {
      for (const i of of(split)) yield i.asset;
    },
    async *items(split) {
      for (const i of of(split)) yield i;
    },
  };
}

type Exporter = (src: ExportSource, zip: ZipWriter, opts: ExportOptions, report: { progress(n: number): void; skipped(i: string, m: string): void }) => Promise<void>;

/** Runs an exporter into a zip in memory; returns the archive, its tree and what it skipped. */
export async function exportToTree(exporter: Exporter, src: ExportSource, opts: Partial<ExportOptions> = {}) {
  const zip = new ZipWriter();
  const skipped: string[] = [];
  const bytes = collect(zip.output);
  await exporter(src, zip, { includeMedia: false, ...opts }, { progress: () => undefined, skipped: (i, m) => skipped.push(`${i}: ${m}`) });
  await zip.finish();
  const archive = await bytes;
  const opened = await openZip(archive);
  return { archive, tree: opened.tree, skipped };
}

export async function readAll(reader: (tree: FileTree) => AsyncIterable<PeerItem>, tree: FileTree): Promise<PeerItem[]> {
  const out: PeerItem[] = [];
  for await (const i of reader(tree)) out.push(i);
  return out;
}

export function mapAll(items: PeerItem[], targets: Map<string, TargetAsset>, schema: LabelSchema, find: (i: PeerItem) => string | undefined): MappedItem[] {
  return items.map((i) => {
    const id = find(i);
    const t = id ? targets.get(id) : undefined;
    if (!t) return { annotations: [], problems: [{ where: i.where, message: 'no target' }], dropped: {}, skipped: 0 };
    return mapPeerItem(i, t, { schema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'test' });
  });
}

/** Geometry equal within 1e-6 relative (masks and everything else exactly). */
export function sameGeometry(a: Geometry, b: Geometry): boolean {
  const close = (x: unknown, y: unknown): boolean => {
    if (typeof x === 'number' && typeof y === 'number') return Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(x), Math.abs(y));
    if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => close(v, y[i]));
    if (x && y && typeof x === 'object' && typeof y === 'object') {
      const kx = Object.keys(x).filter((k) => (x as Record<string, unknown>)[k] !== undefined).sort();
      const ky = Object.keys(y).filter((k) => (y as Record<string, unknown>)[k] !== undefined).sort();
      return kx.join() === ky.join() && kx.every((k) => close((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]));
    }
    return x === y;
  };
  if (a.type === 'mask' && b.type === 'mask') return JSON.stringify(a.rle) === JSON.stringify(b.rle);
  return close(a, b);
}

/** The comparable content of annotations, in a stable order. */
export function comparable(list: { labelId: string; geometry: Geometry; attributes?: Record<string, unknown> }[]) {
  return [...list]
    .map((a) => ({ labelId: a.labelId, geometry: a.geometry, attributes: a.attributes ?? {} }))
    .sort((x, y) => (x.labelId + JSON.stringify(x.geometry)).localeCompare(y.labelId + JSON.stringify(y.geometry)));
}

/** Asserts two lists hold the same annotations: labels and attributes exactly, geometry within 1e-6 relative. */
export function expectSameAnnotations(actual: Parameters<typeof comparable>[0], expected: Parameters<typeof comparable>[0]) {
  const a = comparable(actual);
  const e = comparable(expected);
  expect(a.map((x) => `${x.labelId}:${x.geometry.type}`)).toEqual(e.map((x) => `${x.labelId}:${x.geometry.type}`));
  a.forEach((x, i) => {
    expect(x.attributes).toEqual(e[i].attributes);
    if (!sameGeometry(x.geometry, e[i].geometry)) expect(x.geometry).toEqual(e[i].geometry);
  });
}
