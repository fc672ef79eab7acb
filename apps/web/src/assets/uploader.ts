import type { UploadResult } from '@tessera/contracts';
import { API_BASE, refreshSession } from '../api/client';
import { useSession } from '../auth/session-store';

/**
 * One place that sends files, so resumable (tus) uploads for very large files
 * can replace it without touching the page. Plain multipart over XHR for now,
 * because fetch cannot report upload progress.
 */
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

export function uploadFile(projectId: string, file: File, onProgress: (fraction: number) => void): UploadHandle {
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
