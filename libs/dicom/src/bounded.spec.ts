import { DicomParseError, deidentifyInThread, syntheticSeries } from './index';

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
