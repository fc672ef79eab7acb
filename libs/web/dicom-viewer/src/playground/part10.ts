/**
 * A tiny Part-10 writer for the browser (explicit VR little endian), enough
 * for the playground to hand Cornerstone's `wadouri` loader real DICOM files
 * made on the page: the same path the signed-URL delivery takes, with no server.
 */
type El = [group: number, element: number, vr: string, value: string | Uint8Array | number];

const LONG = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

function bytesOf(vr: string, v: El[3]): Uint8Array {
  if (v instanceof Uint8Array) return v.length % 2 ? concat([v, new Uint8Array(1)]) : v;
  if (typeof v === 'number') {
    const b = new Uint8Array(vr === 'UL' ? 4 : 2);
    if (vr === 'UL') new DataView(b.buffer).setUint32(0, v, true);
    else new DataView(b.buffer).setUint16(0, v, true);
    return b;
  }
  const s = v.length % 2 ? v + (vr === 'UI' ? '\0' : ' ') : v;
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function element([group, element, vr, value]: El): Uint8Array {
  const body = bytesOf(vr, value);
  const head = new Uint8Array(LONG.has(vr) ? 12 : 8);
  const d = new DataView(head.buffer);
  d.setUint16(0, group, true);
  d.setUint16(2, element, true);
  head[4] = vr.charCodeAt(0);
  head[5] = vr.charCodeAt(1);
  if (LONG.has(vr)) d.setUint32(8, body.length, true);
  else d.setUint16(6, body.length, true);
  return concat([head, body]);
}

const sorted = (els: El[]) => [...els].sort((a, b) => a[0] - b[0] || a[1] - b[1]);

export const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** A Part-10 file: preamble, `DICM`, the meta group for `sopClass`/`sopInstance`, then the dataset in tag order. */
export function writePart10(dataset: El[], sopClass: string, sopInstance: string): Uint8Array {
  const meta = sorted([
    [0x0002, 0x0001, 'OB', new Uint8Array([0, 1])],
    [0x0002, 0x0002, 'UI', sopClass],
    [0x0002, 0x0003, 'UI', sopInstance],
    [0x0002, 0x0010, 'UI', EXPLICIT_LE],
    [0x0002, 0x0012, 'UI', '1.2.826.0.1.3680043.8.498.1'],
  ]).map(element);
  const metaLength = meta.reduce((n, e) => n + e.length, 0);
  return concat([new Uint8Array(128), Uint8Array.from('DICM', (c) => c.charCodeAt(0)), element([0x0002, 0x0000, 'UL', metaLength]), ...meta, ...sorted(dataset).map(element)]);
}

export type { El as Part10Element };
