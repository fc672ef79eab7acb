/**
 * The *Liver CT* demo's phantom: 120 axial slices of 512 × 512, 2.5 mm apart,
 * 0.7 mm pixels, in Hounsfield units (stored = HU + 1024). The body is an
 * ellipse of fat around soft tissue, with a vertebra, a contrast-filled aorta,
 * the liver on the patient's right with a hypodense lesion, kidneys and a gas
 * bubble in the stomach. No Node and no DICOM here: the seed
 * (seeds/src/liver-ct.ts) writes it as Part-10 files, the viewer's playground
 * draws the same anatomy in the browser, and tests name what they expect.
 */

export const CT_SLICES = 120;
export const CT_SIZE = 512;
export const CT_SPACING = 2.5;
export const CT_PIXEL_SPACING = 0.7;

/** Fake identity: all of it must be gone after ingest. */
export const CT_PATIENT = {
  patientName: 'Doe^John',
  patientId: 'MRN-31337',
  patientBirthDate: '19580630',
  patientSex: 'M' as const,
  institutionName: 'Riverside General Hospital',
};
export const CT_STUDY_UID = '1.2.826.0.1.3680043.8.498.20240307';

/** The phantom in pixel coordinates (x right = patient left, y down = posterior) and HU. */
export const CT_PHANTOM = {
  hu: { air: -1000, fat: -100, softTissue: 40, liver: 60, lesion: 10, aorta: 250, kidney: 150, cancellous: 250, cortical: 900, canal: 15, gas: -950 },
  body: { cx: 256, cy: 250, rx: 175, ry: 130, fat: 12 },
  vertebra: { cx: 256, cy: 300, r: 24, cortex: 4 },
  canal: { cx: 256, cy: 336, r: 9 },
  arch: { cx: 256, cy: 340, rx: 22, ry: 18 },
  aorta: { cx: 282, cy: 262, r: 13 },
  /** z ranges are fractions of the series, top (slice 0) to bottom */
  liver: { cx: 176, cy: 226, rx: 88, ry: 78, z: [0.05, 0.75] as const },
  lesion: { cx: 160, cy: 210, r: 16, zCentre: 0.35 },
  kidneys: { dx: 82, cy: 300, rx: 24, ry: 34, z: [0.4, 0.95] as const },
  stomach: { cx: 320, cy: 190, rx: 30, ry: 22, z: [0.1, 0.45] as const },
};

// Per-voxel code takes Math's functions once: under Jest's VM context every global lookup is slow.
const { hypot, imul, round, max } = Math;
const inEllipse = (x: number, y: number, cx: number, cy: number, rx: number, ry: number) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

/** Deterministic ±`amp` HU texture, so the pixels look scanned rather than drawn. */
function noise(x: number, y: number, z: number, amp: number): number {
  let h = imul(x * 73856093 ^ y * 19349663 ^ z * 83492791, 0x27d4eb2d);
  h ^= h >>> 15;
  return ((h & 0xff) / 255 - 0.5) * 2 * amp;
}

/** HU at one voxel: the phantom's anatomy. Exported so tests can name what they expect. */
export function huAt(x: number, y: number, slice: number, slices = CT_SLICES): number {
  const P = CT_PHANTOM;
  const H = P.hu;
  const t = slice / max(1, slices - 1);
  const b = P.body;
  if (!inEllipse(x, y, b.cx, b.cy, b.rx, b.ry)) return H.air;
  if (!inEllipse(x, y, b.cx, b.cy, b.rx - b.fat, b.ry - b.fat)) return H.fat;
  const v = P.vertebra;
  const dv = hypot(x - v.cx, y - v.cy);
  if (dv <= v.r) return dv > v.r - v.cortex ? H.cortical : H.cancellous;
  const c = P.canal;
  if (hypot(x - c.cx, y - c.cy) <= c.r) return H.canal;
  if (inEllipse(x, y, P.arch.cx, P.arch.cy, P.arch.rx, P.arch.ry) && y > v.cy + v.r) return H.cortical;
  const a = P.aorta;
  if (hypot(x - a.cx, y - a.cy) <= a.r) return H.aorta;
  const l = P.liver;
  if (t >= l.z[0] && t <= l.z[1]) {
    // The liver narrows towards its lower tip.
    const k = 1 - 0.6 * ((t - l.z[0]) / (l.z[1] - l.z[0])) ** 2;
    if (inEllipse(x, y, l.cx, l.cy, l.rx * k, l.ry * k)) {
      const s = P.lesion;
      const dz = ((t - s.zCentre) * slices * CT_SPACING) / CT_PIXEL_SPACING; // in pixels
      if ((x - s.cx) ** 2 + (y - s.cy) ** 2 + dz ** 2 <= s.r ** 2) return H.lesion;
      return H.liver;
    }
  }
  const k = P.kidneys;
  if (t >= k.z[0] && t <= k.z[1] && (inEllipse(x, y, v.cx - k.dx, k.cy, k.rx, k.ry) || inEllipse(x, y, v.cx + k.dx, k.cy, k.rx, k.ry))) return H.kidney;
  const st = P.stomach;
  if (t >= st.z[0] && t <= st.z[1] && inEllipse(x, y, st.cx, st.cy, st.rx, st.ry)) return y < st.cy ? H.gas : H.softTissue;
  return H.softTissue;
}

export function slicePixels(slice: number, slices: number, size: number): Int16Array {
  const out = new Int16Array(size * size);
  const scale = CT_SIZE / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const hu = huAt(x * scale, y * scale, slice, slices);
      const textured = hu <= -900 ? hu : hu + noise(x, y, slice, 8);
      out[y * size + x] = round(textured) + 1024;
    }
  }
  return out;
}
