import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { ModelDownloadError } from './model-download-error.js';

/** One file to fetch, with what is known about it in advance. */
export interface FileToFetch {
  path: string;
  /** Exact size, where known. */
  bytes: number | null;
  sha256: string | null;
  /** Skipped when the host answers 404. */
  optional?: boolean;
}

export interface FetchVerifiedFileOptions {
  url: string;
  host: string;
  file: FileToFetch;
  target: string;
  /** The caller's cancel signal. */
  signal: AbortSignal | undefined;
  /** No response, or no bytes for this long, counts as the host being unreachable. */
  idleTimeoutMs: number;
  /** Called once the response is in, with the file's size as far as it is known. */
  onSize(total: number | null): void;
  onBytes(count: number): void;
}

export type FetchedFile = { status: 'written'; bytes: number; sha256: string } | { status: 'absent' };

/** Thrown when the caller's signal aborted; the download maps it to a 'cancelled' error. */
export class CancelledSignal extends Error {}

/**
 * Streams one file to `target` (a new file), checking size and sha256 as it is written. Throws a
 * ModelDownloadError, or CancelledSignal when the caller cancelled; the caller removes what was written.
 */
export async function fetchVerifiedFile(options: FetchVerifiedFileOptions): Promise<FetchedFile> {
  const { file, host, signal } = options;
  const idle = new AbortController();
  let timer = setTimeout(() => idle.abort(), options.idleTimeoutMs);
  const resetTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), options.idleTimeoutMs);
  };
  const combined = signal ? AbortSignal.any([signal, idle.signal]) : idle.signal;
  const cancelled = () => signal?.aborted === true;

  try {
    let response: Response;
    try {
      response = await fetch(options.url, { signal: combined, redirect: 'follow' });
    } catch (error) {
      if (cancelled()) throw new CancelledSignal();
      throw ModelDownloadError.offline(host, error);
    }
    if (response.status === 404 && file.optional) {
      await response.body?.cancel();
      return { status: 'absent' };
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw ModelDownloadError.http(response.status, file.path, host);
    }

    const header = response.headers.get('content-length');
    const contentLength = header !== null && /^\d+$/.test(header) ? Number(header) : null;
    if (file.bytes !== null && contentLength !== null && contentLength !== file.bytes) {
      await response.body.cancel();
      throw ModelDownloadError.size(file.path, contentLength, file.bytes);
    }
    const total = file.bytes ?? contentLength;
    options.onSize(total);

    const hash = createHash('sha256');
    const handle = await open(options.target, 'wx');
    const reader = response.body.getReader();
    let written = 0;
    let finished = false;
    try {
      for (;;) {
        const chunk = await reader.read().catch((error: unknown) => {
          if (cancelled()) throw new CancelledSignal();
          if (written === 0 && idle.signal.aborted) throw ModelDownloadError.offline(host, error);
          throw ModelDownloadError.truncated(file.path, written, total, error);
        });
        if (chunk.done) {
          finished = true;
          break;
        }
        resetTimer();
        written += chunk.value.byteLength;
        if (total !== null && written > total) {
          throw ModelDownloadError.size(file.path, written, total);
        }
        hash.update(chunk.value);
        await handle.write(chunk.value);
        options.onBytes(chunk.value.byteLength);
      }
    } finally {
      // Stop the transfer when the file was rejected half-way.
      if (!finished) await reader.cancel().catch(() => undefined);
      await handle.close();
    }
    if (cancelled()) throw new CancelledSignal();
    if (total !== null && written < total) throw ModelDownloadError.truncated(file.path, written, total);

    const sha256 = hash.digest('hex');
    if (file.sha256 !== null && sha256 !== file.sha256) {
      throw ModelDownloadError.checksum(file.path, sha256, file.sha256);
    }
    return { status: 'written', bytes: written, sha256 };
  } finally {
    clearTimeout(timer);
  }
}
