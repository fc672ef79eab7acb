import * as tus from 'tus-js-client';
import type { UploadResult } from '@tessera/contracts';
import { API_BASE, refreshSession } from '../api/client';
import { useSession } from '../auth/session-store';

/**
 * One place that sends files: plain multipart over XHR (fetch cannot report
 * upload progress) for ordinary files, resumable tus uploads in chunks for
 * large ones, which survive a dropped connection and a closed tab.
 */
export const RESUMABLE_FROM_BYTES = 32 * 1024 * 1024;
const CHUNK_BYTES = 16 * 1024 * 1024;
export interface UploadHandle {
  promise: Promise<UploadResult>;
  abort(): void;
}

export class UploadError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function send(projectId: string, file: File, onProgress: (fraction: number) => void, token: string | null) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<{ status: number; body: string }>((resolve, reject) => {
    xhr.open('POST', `${API_BASE}/projects/${projectId}/assets`);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
    xhr.onerror = () => reject(new UploadError(0, 'network error'));
    xhr.onabort = () => reject(new UploadError(-1, 'paused'));
    const form = new FormData();
    // The folder path, when the file came from a dropped folder, is kept as its name.
    form.append('file', file, (file as File & { relativePath?: string }).relativePath || file.webkitRelativePath || file.name);
    xhr.send(form);
  });
  return { xhr, promise };
}

function uploadResumable(projectId: string, file: File, onProgress: (fraction: number) => void): UploadHandle {
  let upload: tus.Upload | null = null;
  const promise = new Promise<UploadResult>((resolve, reject) => {
    upload = new tus.Upload(file, {
      endpoint: `${API_BASE}/uploads`,
      chunkSize: CHUNK_BYTES,
      retryDelays: [0, 2000, 5000, 10000],
      metadata: { projectId, filename: (file as File & { relativePath?: string }).relativePath || file.name },
      // Resume an upload of the same file to the same project that an earlier tab left unfinished.
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onBeforeRequest: async (req) => {
        req.setHeader('Authorization', `Bearer ${useSession.getState().accessToken ?? ''}`);
      },
      // Network trouble and server errors are retried; an expired token is refreshed first.
      onShouldRetry: (err) => {
        const status = err.originalResponse?.getStatus() ?? 0;
        if (status === 401) void refreshSession();
        return status === 0 || status === 401 || status >= 500;
      },
      onProgress: (sent, total) => onProgress(total ? sent / total : 0),
      onSuccess: (payload) => resolve(JSON.parse(payload.lastResponse.getBody()) as UploadResult),
      onError: (err) => reject(new UploadError((err as tus.DetailedError).originalResponse?.getStatus() ?? 0, err.message)),
    });
    upload.findPreviousUploads().then((previous) => {
      const mine = previous.find((p) => p.metadata?.projectId === projectId);
      if (mine) upload!.resumeFromPreviousUpload(mine);
      upload!.start();
    });
  });
  return {
    promise,
    abort: () => {
      // Stops sending but keeps what the server has: resuming continues from there.
      void upload?.abort();
    },
  };
}

export function uploadFile(projectId: string, file: File, onProgress: (fraction: number) => void): UploadHandle {
  if (file.size >= RESUMABLE_FROM_BYTES) {
    const handle = uploadResumable(projectId, file, onProgress);
    // A paused tus upload never settles its promise; say so the way the XHR path does.
    let pausedReject: ((e: UploadError) => void) | null = null;
    const paused = new Promise<never>((_, reject) => (pausedReject = reject));
    return { promise: Promise.race([handle.promise, paused]), abort: () => (handle.abort(), pausedReject?.(new UploadError(-1, 'paused'))) };
  }
  let current: XMLHttpRequest | null = null;
  const attempt = async (retried: boolean): Promise<UploadResult> => {
    const { xhr, promise } = send(projectId, file, onProgress, useSession.getState().accessToken);
    current = xhr;
    const { status, body } = await promise;
    if (status === 401 && !retried && (await refreshSession())) return attempt(true);
    if (status < 200 || status >= 300) {
      let detail = `HTTP ${status}`;
      try {
        detail = (JSON.parse(body) as { detail?: string; title?: string }).detail ?? detail;
      } catch {
        /* not problem+json */
      }
      throw new UploadError(status, detail);
    }
    return JSON.parse(body) as UploadResult;
  };
  return { promise: attempt(false), abort: () => current?.abort() };
}

/** Files of a drop, walking into dropped folders (the entries API every current browser has). */
export async function filesOfDrop(items: DataTransferItemList): Promise<File[]> {
  const entries = [...items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  const out: File[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
      Object.defineProperty(file, 'relativePath', { value: prefix + file.name });
      out.push(file);
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries returns a batch at a time; read until it returns none.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const e of entries) await walk(e, '');
  return out;
}
