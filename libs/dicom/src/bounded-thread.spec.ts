/**
 * BoundedDeidentifier with a real worker thread. The thread here is a stand-in script (the worker's own,
 * apps/worker/src/dicom-thread.ts, is covered by the DICOM ingest specs): it answers each file by what its
 * bytes say, so a test can send a file that hangs, one that runs out of memory and one that ends the thread.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoundedDeidentifier, DicomParseError } from './index';

const THREAD = `
const { parentPort, threadId } = require('node:worker_threads');
let seen = 0;
parentPort.on('message', ({ raw }) => {
  const text = Buffer.from(raw).toString();
  seen++;
  if (text === 'hang') for (;;);
  if (text === 'oom') { const keep = []; for (;;) keep.push(new Array(1e5).fill(seen)); }
  if (text === 'exit') process.exit(3);
  if (text === 'refuse') return parentPort.postMessage({ ok: false, parseError: true, message: 'not DICOM', code: 'dicom.not_dicom' });
  // The answer says which thread answered, and how many files that thread had been sent by then.
  parentPort.postMessage({ ok: true, outcome: { bytes: new TextEncoder().encode(text.toUpperCase()), report: { quarantine: [] }, facts: { sopUid: threadId + ':' + seen } } });
});`;

let dir: string;
let script: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-deid-'));
  script = join(dir, 'thread.cjs');
  writeFileSync(script, THREAD);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (text: string) => ({ raw: new TextEncoder().encode(text), secret: 's' });
const threadOf = (o: { facts: { sopUid?: string } }) => o.facts.sopUid!.split(':')[0];
const textOf = (o: { bytes: Uint8Array }) => Buffer.from(o.bytes).toString();
/** A refusal as a value, caught at once: a test awaits several files in turn, and their refusals come in any order. */
const failure = (p: Promise<unknown>) => p.then(() => null, (e: Error) => e);
/** A deidentifier for one test, closed after it whatever happened. */
async function withThread(limits: { timeoutMs: number; maxHeapMb: number }, test: (bounded: BoundedDeidentifier) => Promise<void>) {
  const bounded = new BoundedDeidentifier(script, limits);
  try {
    await test(bounded);
  } finally {
    await bounded.close();
  }
}

it('answers each file with its own outcome, in one thread kept for the next files', async () => {
  await withThread({ timeoutMs: 10_000, maxHeapMb: 64 }, async (bounded) => {
    const texts = Array.from({ length: 20 }, (_, i) => `file ${i}`);
    const outcomes = await Promise.all(texts.map((t) => bounded.run(file(t))));
    expect(outcomes.map(textOf)).toEqual(texts.map((t) => t.toUpperCase()));
    expect(new Set(outcomes.map(threadOf)).size).toBe(1);
    expect(outcomes.map((o) => Number(o.facts.sopUid!.split(':')[1]))).toEqual(texts.map((_, i) => i + 1));
    await expect(bounded.run(file('refuse'))).rejects.toMatchObject({ code: 'dicom.not_dicom' });
    expect(threadOf(await bounded.run(file('after')))).toBe(threadOf(outcomes[0]));
  });
});

it('refuses a file the thread spends too long on as too costly; the files after it go to a new thread', async () => {
  await withThread({ timeoutMs: 800, maxHeapMb: 64 }, async (bounded) => {
    const before = bounded.run(file('before'));
    const hang = failure(bounded.run(file('hang')));
    const after = [bounded.run(file('after 1')), bounded.run(file('after 2'))];
    const first = await before;
    expect(await hang).toBeInstanceOf(DicomParseError);
    expect(await hang).toMatchObject({ code: 'dicom.too_complex', message: expect.stringMatching(/longer than 0.8 s/) });
    const rest = await Promise.all(after);
    expect(rest.map(textOf)).toEqual(['AFTER 1', 'AFTER 2']);
    expect(threadOf(rest[0])).not.toBe(threadOf(first));
  });
}, 20_000);

it('refuses a file that runs the thread out of memory as too costly, and carries on', async () => {
  await withThread({ timeoutMs: 10_000, maxHeapMb: 32 }, async (bounded) => {
    expect(await failure(bounded.run(file('oom')))).toMatchObject({ code: 'dicom.too_complex', message: expect.stringMatching(/too much memory/) });
    expect(textOf(await bounded.run(file('next')))).toBe('NEXT');
  });
}, 20_000);

it('fails the file at once, and not as the file\'s fault, when the thread ends on its own', async () => {
  await withThread({ timeoutMs: 60_000, maxHeapMb: 64 }, async (bounded) => {
    const exit = await failure(bounded.run(file('exit')));
    expect(exit?.message).toMatch(/exited \(code 3\)/);
    expect(exit).not.toBeInstanceOf(DicomParseError);
    expect(textOf(await bounded.run(file('next')))).toBe('NEXT');
  });
}, 10_000);

it('refuses the file in hand and those waiting when it closes, and starts no thread after', async () => {
  const bounded = new BoundedDeidentifier(script, { timeoutMs: 60_000, maxHeapMb: 64 });
  const hang = failure(bounded.run(file('hang')));
  const waiting = failure(bounded.run(file('waiting')));
  await new Promise((r) => setTimeout(r, 200));
  await bounded.close();
  expect((await hang)?.message).toMatch(/closed/);
  expect((await waiting)?.message).toMatch(/closed/);
  expect((await failure(bounded.run(file('later'))))?.message).toMatch(/closed/);
}, 10_000);
