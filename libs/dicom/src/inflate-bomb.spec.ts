import { deflateRawSync } from 'node:zlib';
import { DicomParseError, MAX_INFLATED_BYTES, T, TS, deflateBomb, deidentifyInThread, fileHeader, parsePart10, syntheticSeries } from './index';

it('stops inflating a deflated dataset at its limit and refuses the file as too costly', async () => {
  const bomb = await deflateBomb(64 * 1024 * 1024);
  expect(bomb.length).toBeLessThan(1024 * 1024);
  let refused: unknown;
  try {
    parsePart10(bomb, { maxInflatedBytes: 8 * 1024 * 1024 });
  } catch (e) {
    refused = e;
  }
  expect(refused).toBeInstanceOf(DicomParseError);
  expect(refused).toMatchObject({ code: 'dicom.too_complex', message: expect.stringMatching(/inflates to more than 8 MiB/) });
});

it('has a default limit far below the 2 GiB Buffer ceiling, and the thread answers a refusal the ingest will not retry', async () => {
  expect(MAX_INFLATED_BYTES).toBeLessThanOrEqual(256 * 1024 * 1024);
  const bomb = await deflateBomb(MAX_INFLATED_BYTES + 1024 * 1024);
  const answer = deidentifyInThread({ raw: bomb, secret: 's' });
  expect(answer).toEqual({ ok: false, parseError: true, message: expect.stringMatching(/inflates to more than/), code: 'dicom.too_complex' });
  // A request may grant less than the default (the ingest's memory budget decides), never need more.
  expect(deidentifyInThread({ raw: bomb, secret: 's', maxInflatedBytes: 1024 * 1024 })).toMatchObject({ ok: false, code: 'dicom.too_complex' });
});

it('still reads a deflated file within its limit', () => {
  const [plain] = syntheticSeries({ slices: 1, size: 8 });
  const file = parsePart10(plain);
  const deflated = parsePart10(Buffer.concat([fileHeader(file.meta, TS.deflatedLE), deflateRawSync(plain.subarray(132 + 12 + plain.readUInt32LE(140)))]));
  expect(deflated.transferSyntax).toBe(TS.deflatedLE);
  expect(deflated.dataset.get(T.SOPInstanceUID)).toEqual(file.dataset.get(T.SOPInstanceUID));
});
