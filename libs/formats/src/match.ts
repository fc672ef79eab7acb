import type { PeerItem } from './model';

/** What an asset can be found by. */
export interface MatchableAsset {
  id: string;
  name: string;
  externalId: string | null;
}

const baseName = (p: string) => p.replace(/\\/g, '/').split('/').pop() ?? p;
const stemOf = (p: string) => baseName(p).replace(/\.[^.]*$/, '');
const key = (s: string) => s.normalize('NFC').toLowerCase();

/**
 * Finds the asset a peer item means: by its external id, by file name (the
 * base name, so `images/train/a.jpg` finds `a.jpg`), by stem (label files
 * name `a.txt` for `a.jpg`), or a numeric id in the stem (COCO results name
 * image 42 for `COCO_val2014_000000000042.jpg`). Ambiguous names match nothing.
 */
export class AssetIndex {
  private readonly byExternal = new Map<string, string | null>();
  private readonly byName = new Map<string, string | null>();
  private readonly byStem = new Map<string, string | null>();
  private readonly byNumber = new Map<string, string | null>();

  constructor(assets: Iterable<MatchableAsset> = []) {
    for (const a of assets) this.add(a);
  }

  add(a: MatchableAsset) {
    const put = (m: Map<string, string | null>, k: string) => m.set(k, m.has(k) && m.get(k) !== a.id ? null : a.id);
    if (a.externalId) put(this.byExternal, key(a.externalId));
    put(this.byName, key(baseName(a.name)));
    put(this.byStem, key(stemOf(a.name)));
    const digits = /(\d+)$/.exec(stemOf(a.name));
    if (digits) put(this.byNumber, String(Number(digits[1])));
  }

  /** The asset id, or why none. */
  find(ref: PeerItem['ref']): { id: string } | { reason: string } {
    const tries: [Map<string, string | null>, string | undefined][] = [
      [this.byExternal, ref.externalId && key(ref.externalId)],
      [this.byName, ref.name && key(baseName(ref.name))],
      [this.byStem, ref.name && key(stemOf(ref.name))],
      [this.byName, ref.externalId && key(baseName(ref.externalId))],
      [this.byStem, ref.externalId && key(ref.externalId)],
      [this.byNumber, ref.externalId && /^\d+$/.test(ref.externalId) ? String(Number(ref.externalId)) : undefined],
    ];
    for (const [m, k] of tries) {
      if (!k || !m.has(k)) continue;
      const id = m.get(k);
      if (id) return { id };
      return { reason: `more than one asset is called "${k}"` };
    }
    const said = [ref.name && `"${ref.name}"`, ref.externalId && `id ${ref.externalId}`].filter(Boolean).join(' / ');
    return { reason: said ? `no asset of the project is ${said}` : 'the item names no file' };
  }
}

/** A document's text with its white space taken out: CoNLL keeps no spacing, so documents are compared without it. */
export const textKey = (s: string) => s.normalize('NFC').replace(/\s+/gu, '');
