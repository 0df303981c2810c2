import { stat } from 'node:fs/promises';

interface Seen {
  readonly size: number;
  readonly mtimeMs: number;
  /** Since when the size and mtime have been these. */
  readonly since: number;
}

/**
 * Reports a file once it has stopped changing (its size and mtime the same for `stableMs`), or once it is
 * gone: a photo still being copied or downloaded is reported once, complete. One timer looks at every
 * pending file, so a burst of thousands costs one stat each per look.
 */
export class WriteSettler {
  private readonly pending = new Map<string, Seen | null>();
  private timer: NodeJS.Timeout | null = null;
  private looking: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly stableMs: number,
    private readonly onSettled: (path: string, exists: boolean) => void,
  ) {}

  /** Something happened to this file: it is reported once it settles. */
  touch(path: string): void {
    if (this.closed) return;
    if (!this.pending.has(path)) this.pending.set(path, null);
    this.timer ??= setTimeout(() => (this.looking = this.look()), Math.ceil(this.stableMs / 3));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.pending.clear();
    await this.looking;
  }

  private async look(): Promise<void> {
    const now = Date.now();
    await Promise.all(
      [...this.pending].map(async ([path, seen]) => {
        const info = await stat(path).catch(() => null);
        if (this.closed) return;
        if (!info?.isFile()) {
          this.pending.delete(path);
          if (!info) this.onSettled(path, false);
        } else if (!seen || seen.size !== info.size || seen.mtimeMs !== info.mtimeMs) {
          this.pending.set(path, { size: info.size, mtimeMs: info.mtimeMs, since: now });
        } else if (now - seen.since >= this.stableMs) {
          this.pending.delete(path);
          this.onSettled(path, true);
        }
      }),
    );
    this.timer = null;
    this.looking = null;
    if (this.pending.size > 0 && !this.closed) {
      this.timer = setTimeout(() => (this.looking = this.look()), Math.ceil(this.stableMs / 3));
    }
  }
}
