import { createHash } from 'node:crypto';
import { T, nums, parsePart10, str, u16 } from '@tessera/dicom';
import { CT_PATIENT, CT_PHANTOM, liverCtSeries } from './liver-ct';

const files = liverCtSeries();
const parsed = files.map((f) => parsePart10(f.bytes));
const hu = (slice: number, x: number, y: number) => {
  const d = parsed[slice].dataset;
  const px = (d.get(T.PixelData) as { value: Buffer }).value;
  return px.readInt16LE((y * 512 + x) * 2) * Number(str(d.get(T.RescaleSlope))) + Number(str(d.get(T.RescaleIntercept)));
};

it('is at least 100 slices of 512 x 512 signed 16-bit CT, one series, in order along z', () => {
  expect(files.length).toBeGreaterThanOrEqual(100);
  expect(new Set(parsed.map((p) => str(p.dataset.get(T.SeriesInstanceUID)))).size).toBe(1);
  for (const [i, p] of parsed.entries()) {
    expect([T.Rows, T.Columns, T.BitsAllocated, T.PixelRepresentation].map((t) => u16(p.dataset.get(t)))).toEqual([512, 512, 16, 1]);
    expect(str(p.dataset.get(T.Modality))).toBe('CT');
    expect(nums(p.dataset.get(T.ImagePositionPatient))[2]).toBeCloseTo(i * 2.5);
  }
});

it('has plausible HU: air outside, fat, soft tissue, liver, lesion, bone in the spine, contrast in the aorta', () => {
  const P = CT_PHANTOM;
  const mid = 42; // liver, lesion level
  const near = (v: number, expected: number, tol = 12) => expect(Math.abs(v - expected)).toBeLessThanOrEqual(tol);
  near(hu(mid, 5, 5), -1000);
  near(hu(mid, P.body.cx - P.body.rx + 5, P.body.cy), P.hu.fat);
  near(hu(mid, 256, 200), P.hu.softTissue);
  near(hu(mid, P.liver.cx - 40, P.liver.cy + 30), P.hu.liver);
  near(hu(mid, P.lesion.cx, P.lesion.cy), P.hu.lesion);
  near(hu(mid, P.aorta.cx, P.aorta.cy), P.hu.aorta);
  near(hu(mid, P.vertebra.cx, P.vertebra.cy), P.hu.cancellous);
  near(hu(mid, P.vertebra.cx, P.vertebra.cy - P.vertebra.r + 2), P.hu.cortical);
  for (const s of [0, 60, files.length - 1]) {
    expect(hu(s, P.aorta.cx, P.aorta.cy)).toBeGreaterThan(150);
    expect(hu(s, P.vertebra.cx, P.vertebra.cy - P.vertebra.r + 1)).toBeGreaterThan(400);
    expect(hu(s, 256, 200)).toBeGreaterThan(-20);
    expect(hu(s, 256, 200)).toBeLessThan(100);
  }
  // The lesion is a sphere: present at its centre slice, gone 30 slices away.
  expect(hu(mid + 30, P.lesion.cx, P.lesion.cy)).toBeGreaterThan(40);
});

it('carries a made-up patient for de-identification to remove, and is the same every time', () => {
  const d = parsed[0].dataset;
  expect(str(d.get(T.PatientName))).toBe(CT_PATIENT.patientName);
  expect(str(d.get(T.PatientID))).toBe(CT_PATIENT.patientId);
  expect(str(d.get(T.PatientBirthDate))).toBe(CT_PATIENT.patientBirthDate);
  expect(str(d.get(T.InstitutionName))).toBe(CT_PATIENT.institutionName);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  expect(liverCtSeries({ slices: 120 }).slice(40, 42).map((f) => sha(f.bytes))).toEqual(files.slice(40, 42).map((f) => sha(f.bytes)));
});
