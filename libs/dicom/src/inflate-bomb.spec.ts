import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import { DicomParseError, MAX_INFLATED_BYTES, T, TS, deidentifyInThread, fileHeader, parsePart10, syntheticSeries, type Dataset } from './index';

/**
 * A deflated-transfer-syntax file whose dataset is one Pixel Data element of `inflated` zero bytes:
 * a few hundred kilobytes on disk. Deflated in 1 MiB steps, so making it costs no more memory.
 */
async function deflateBomb(inflated: number): Promise<Buffer> {
  const meta: Dataset = new Map([
    [T.MediaStorageSOPClassUID, { vr: 'UI', value: Buffer.from('1.2.840.10008.5.1.4.1.1.2\0', 'latin1') }],
    [T.MediaStorageSOPInstanceUID, { vr: 'UI', value: Buffer.from('1.2.3.4\0', 'latin1') }],
  ]);
  const head = Buffer.alloc(12);
  head.writeUInt16LE(0x7fe0, 0);
  head.writeUInt16LE(0x0010, 2);
  head.write('OB', 4, 'latin1');
  head.writeUInt32LE(inflated, 8);
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((r) => deflate.on('end', r));
  deflate.write(head);
  const zeros = Buffer.alloc(1024 * 1024);
  for (let left = inflated; left > 0; left -= zeros.length) {
    if (!deflate.write(left >= zeros.length ? zeros : zeros.subarray(0, left))) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return Buffer.concat([fileHeader(meta, TS.deflatedLE), ...out]);
}

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
