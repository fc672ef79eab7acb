import { types } from 'node:util';
import { Worker } from 'node:worker_threads';
import { T } from './dictionary';
import { deidentify, type DeidReport } from './deidentify';
import { DicomParseError, nums, parsePart10, str, u16, writePart10, type DicomErrorCode } from './part10';

export interface DeidRequest {
  /** The file's bytes; handed to the thread without a copy where they own their buffer, so unusable after the call. */
  raw: Uint8Array;
  secret: string;
  /** What a deflated dataset may inflate to: the caller's memory budget for it (at most MAX_INFLATED_BYTES). */
  maxInflatedBytes?: number;
}

/** What ingest needs of a de-identified instance: its bytes and the facts that file it into its series. */
export interface DeidOutcome {
  bytes: Uint8Array;
  report: DeidReport;
  facts: {
    seriesUid?: string;
    sopUid?: string;
    studyUid?: string;
    modality?: string;
    seriesNumber?: string;
    instanceNumber: number | null;
    position: number[];
    orientation: number[];
    pixelSpacing: number[];
    rows: number | null;
    columns: number | null;
    hasPixelData: boolean;
    /** How the pixels are stored and scaled (no patient data): the viewer builds a volume from it before the slices arrive. */
    pixel: InstancePixelFormat;
  };
}

export interface InstancePixelFormat {
  samplesPerPixel: number | null;
  photometricInterpretation: string | null;
  bitsAllocated: number | null;
  bitsStored: number | null;
  highBit: number | null;
  pixelRepresentation: number | null;
  rescaleSlope: number | null;
  rescaleIntercept: number | null;
  sliceThickness: number | null;
}

export type DeidAnswer = { ok: true; outcome: DeidOutcome } | { ok: false; parseError: boolean; message: string; code?: DicomErrorCode };

/**
 * The buffer behind `bytes`, as a transfer list for postMessage, when `bytes` spans all of it: a file's bytes then
 * move between threads instead of being copied twice (out and in), which was a tenth of the ingest worker's main
 * thread, with the garbage it left. A view into a shared buffer (Node's pool for small Buffers) is copied as before.
 */
export function transferable(bytes: Uint8Array): ArrayBuffer[] {
  return types.isArrayBuffer(bytes.buffer) && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer] : [];
}

/** A Buffer over the same memory as `bytes`, without copying it. */
export const bufferOver = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Parse, de-identify and write one file: the body of the worker thread (and usable inline). */
export function deidentifyInThread({ raw, secret, maxInflatedBytes }: DeidRequest): DeidAnswer {
  try {
    const file = parsePart10(bufferOver(raw), { maxInflatedBytes });
    const report = deidentify(file, secret);
    const ds = file.dataset;
    return {
      ok: true,
      outcome: {
        bytes: writePart10(file),
        report,
        facts: {
          seriesUid: str(ds.get(T.SeriesInstanceUID)), sopUid: str(ds.get(T.SOPInstanceUID)), studyUid: str(ds.get(T.StudyInstanceUID)),
          modality: str(ds.get(T.Modality)), seriesNumber: str(ds.get(T.SeriesNumber)),
          instanceNumber: Number(str(ds.get(T.InstanceNumber))) || null,
          position: nums(ds.get(T.ImagePositionPatient)), orientation: nums(ds.get(T.ImageOrientationPatient)), pixelSpacing: nums(ds.get(T.PixelSpacing)),
          rows: u16(ds.get(T.Rows)) ?? null, columns: u16(ds.get(T.Columns)) ?? null, hasPixelData: ds.has(T.PixelData),
          pixel: {
            samplesPerPixel: u16(ds.get(T.SamplesPerPixel)) ?? null, photometricInterpretation: str(ds.get(T.PhotometricInterpretation)) ?? null,
            bitsAllocated: u16(ds.get(T.BitsAllocated)) ?? null, bitsStored: u16(ds.get(T.BitsStored)) ?? null, highBit: u16(ds.get(T.HighBit)) ?? null,
            pixelRepresentation: u16(ds.get(T.PixelRepresentation)) ?? null,
            rescaleSlope: nums(ds.get(T.RescaleSlope))[0] ?? null, rescaleIntercept: nums(ds.get(T.RescaleIntercept))[0] ?? null,
            sliceThickness: nums(ds.get(T.SliceThickness))[0] ?? null,
          },
        },
      },
    };
  } catch (e) {
    return { ok: false, parseError: e instanceof DicomParseError, message: (e as Error).message, code: e instanceof DicomParseError ? e.code : undefined };
  }
}

const CLOSED = 'the de-identification thread was closed';

/**
 * Runs deidentifyInThread in a worker thread that is stopped after
 * `timeoutMs` and may not grow past `maxHeapMb`: a hostile file costs one
 * thread, not the worker process. The thread is kept for the next file (a
 * new one costs tens of milliseconds) and replaced when it had to be stopped.
 */
export class BoundedDeidentifier {
  private thread: Worker | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly script: string, private readonly limits = { timeoutMs: 30_000, maxHeapMb: 1024 }) {}

  run(req: DeidRequest): Promise<DeidOutcome> {
    // One file at a time per thread: answers carry no id to match them by.
    const next = this.queue.then(() => this.once(req));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Stops the thread; the file it was on and those waiting are refused, and no thread is started again. */
  async close() {
    this.closed = true;
    await this.thread?.terminate();
    this.thread = null;
  }

  private once(req: DeidRequest): Promise<DeidOutcome> {
    if (this.closed) return Promise.reject(new Error(CLOSED));
    const thread = (this.thread ??= new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb } }));
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        thread.off('message', onMessage);
        thread.off('error', onError);
        thread.off('exit', onExit);
      };
      const discard = () => {
        if (this.thread === thread) this.thread = null;
        void thread.terminate();
      };
      const timer = setTimeout(() => {
        cleanup();
        discard();
        reject(new DicomParseError(`parsing took longer than ${this.limits.timeoutMs / 1000} s`, 'dicom.too_complex'));
      }, this.limits.timeoutMs);
      const onMessage = (answer: DeidAnswer) => {
        cleanup();
        if (answer.ok) resolve({ ...answer.outcome, bytes: bufferOver(answer.outcome.bytes) });
        else reject(answer.parseError ? new DicomParseError(answer.message, answer.code) : new Error(answer.message));
      };
      const onError = (e: Error) => {
        cleanup();
        discard();
        // Out of memory inside the thread is the file's doing.
        reject(/heap|memory/i.test(e.message) ? new DicomParseError(`parsing needed too much memory (${e.message})`, 'dicom.too_complex') : e);
      };
      // Ended without an error of its own (closed, or gone for a reason that is not the file's): said at once, not at
      // the time limit, and not blamed on the file.
      const onExit = (code: number) => {
        cleanup();
        discard();
        reject(new Error(this.closed ? CLOSED : `the de-identification thread exited (code ${code})`));
      };
      thread.on('message', onMessage);
      thread.once('error', onError);
      thread.once('exit', onExit);
      thread.postMessage(req, transferable(req.raw));
    });
  }
}
