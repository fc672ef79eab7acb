import { DicomParseError, bufferOver, deidentifyInThread, syntheticSeries, transferable } from './index';

it('returns what ingest needs to file an instance, and no patient data', () => {
  const answer = deidentifyInThread({ raw: syntheticSeries({ slices: 1, size: 8 })[0], secret: 's' });
  if (!answer.ok) throw new Error(answer.message);
  expect(answer.outcome.facts).toMatchObject({ modality: 'CT', instanceNumber: 1, rows: 8, columns: 8, position: [-80, -80, 0], pixelSpacing: [0.8, 0.8] });
  expect(answer.outcome.facts.seriesUid).toMatch(/^2\.25\./);
  expect(Buffer.from(answer.outcome.bytes).includes('Roe^Jane')).toBe(false);
});

it('reports a parse failure as such, so ingest fails the file instead of retrying it', () => {
  expect(deidentifyInThread({ raw: Buffer.from('nope'), secret: 's' })).toEqual({ ok: false, parseError: true, message: expect.stringMatching(/DICM/), code: 'dicom.not_dicom' });
  expect(new DicomParseError('x')).toBeInstanceOf(Error);
  expect(new DicomParseError('x').code).toBe('dicom.unreadable');
});

it('moves a file between threads only when its bytes are the whole buffer, never a slice of a shared one', () => {
  const own = new Uint8Array(64 * 1024);
  expect(transferable(own)).toHaveLength(1);
  expect(transferable(own)[0]).toBe(own.buffer);
  expect(transferable(own.subarray(1))).toEqual([]);
  // Node cuts small Buffers out of a shared pool: moving it would take every other Buffer in it along.
  const pooled = Buffer.from('small');
  expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.length);
  expect(transferable(pooled)).toEqual([]);
  // A slice's de-identified copy crosses back whole: at this size it is written as a buffer of its own.
  const answer = deidentifyInThread({ raw: syntheticSeries({ slices: 1, size: 256 })[0], secret: 's' });
  if (!answer.ok) throw new Error(answer.message);
  expect(transferable(answer.outcome.bytes)).toHaveLength(1);
  expect(transferable(answer.outcome.bytes)[0]).toBe(answer.outcome.bytes.buffer);
  const view = bufferOver(own.subarray(8, 16));
  view[0] = 7;
  expect(own[8]).toBe(7);
});
