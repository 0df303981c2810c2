// Full reads of files kept for their next write (metadata-repository.ts): a write starts from the read the
// scan or the review made, when the file is provably the same, instead of reading it again.
import type { ExifTool } from 'exiftool-vendored';
import { fileState } from './file-backup.js';
import { readSnapshot, type TagSnapshot } from './tag-snapshot.js';

/** A full read kept for a later write, valid only while the file's identity is the one recorded. */
interface CachedSnapshot {
  readonly identity: string;
  readonly snapshot: TagSnapshot;
}

export class SnapshotCache {
  /** By path, least recently used first. */
  private readonly snapshots = new Map<string, CachedSnapshot>();
  private readonly settleNs: bigint;

  constructor(
    private readonly exiftool: ExifTool,
    /** Snapshots kept at most (0: none). */
    private readonly size: number,
    /** How long before a read began a file must have last changed for its snapshot to be kept. */
    settleMs: number,
  ) {
    this.settleNs = BigInt(Math.round(settleMs * 1e6));
  }

  /**
   * A full read (no image hash) of a file, kept for the next write of it when the file was the same before
   * and after the read and had settled (see `snapshotSettleMs`); otherwise any kept snapshot is dropped.
   */
  async read(path: string): Promise<TagSnapshot> {
    this.snapshots.delete(path);
    const startedNs = BigInt(Date.now()) * 1_000_000n;
    const before = await fileState(path);
    const snapshot = await readSnapshot(this.exiftool, path);
    const after = await fileState(path);
    if (
      this.size > 0 &&
      after.identity !== null &&
      before.identity === after.identity &&
      startedNs - after.ctimeNs >= this.settleNs
    ) {
      this.snapshots.set(path, { identity: after.identity, snapshot });
      while (this.snapshots.size > this.size) {
        const oldest = this.snapshots.keys().next().value;
        if (oldest === undefined) break;
        this.snapshots.delete(oldest);
      }
    }
    return snapshot;
  }

  /**
   * The full read a write starts from: the snapshot kept by `read()` when the file's identity (device, inode,
   * size, modification and change times, to the nanosecond) when the write began (`identity`: the write
   * checks again, before writing, that it has not changed since) is the one it had then, else a new read.
   * Either way the kept snapshot is dropped: the write changes the file, and its snapshot is never kept.
   * A snapshot never holds exiftool's image hash: with `exiftoolHash`, the file is always read again.
   */
  async forWrite(path: string, exiftoolHash: boolean, identity: string | null): Promise<TagSnapshot> {
    const kept = this.snapshots.get(path);
    this.snapshots.delete(path);
    if (kept && !exiftoolHash && identity !== null && identity === kept.identity) return kept.snapshot;
    return readSnapshot(this.exiftool, path, { imageHash: exiftoolHash });
  }

  /** Forgets what was kept of a file (it is about to change). */
  drop(path: string): void {
    this.snapshots.delete(path);
  }
}
