// One write or undo at a time per photo and its sidecars, and a bounded number at once in all.
import { basename, dirname, extname, join } from 'node:path';
import type { Slots } from './slots.js';

export class PhotoLocks {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    /** Writes and undos under way at once. */
    private readonly transactions: Slots,
  ) {}

  /**
   * Runs `transaction` once no other write or undo of the same photo (or its sidecars) is under way, and
   * fewer than the slots' count of others are.
   */
  async run<T>(imagePath: string, transaction: () => Promise<T>): Promise<T> {
    const task = () => this.transactions.run(transaction);
    // `photo.jpg` and `photo.cr2` share `photo.xmp`: one lock per folder and file stem.
    const key = join(dirname(imagePath), basename(imagePath, extname(imagePath)));
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => undefined);
    this.locks.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    }
  }
}
