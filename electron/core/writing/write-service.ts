import type {
  FolderWriteSettings,
  ImageDetail,
  ImageSummary,
  WriteQueueStatus,
} from '../../../contract/api.js';
import { badRequest } from '../api/errors.js';
import { BatchCounts } from '../jobs/batch-counts.js';
import { writeJobKey } from '../jobs/job-keys.js';
import type { Job } from '../jobs/job-queue.js';
import type { Library } from '../library/library.js';
import { isRunning } from '../process-identity.js';
import { settleInterruptedWrites } from './write-settlement.js';

/** What the service needs of the metadata repository (electron/core/metadata). */
export interface MetadataWriter {
  write(
    imagePath: string,
    values: { altText: string; extDescription?: string | null; description?: string | null },
    policy: {
      target: FolderWriteSettings['target'];
      sidecarNaming: FolderWriteSettings['sidecarNaming'];
      descriptionFields: boolean;
      /** The language of the text, written besides x-default (none: x-default only). */
      language?: string | null;
    },
    expected?: { size: number; mtimeMs: number },
    hooks?: IntentHooks,
  ): Promise<{ writtenTo: string[] }>;
  /** Takes a record `write` returned, as stored (JSON), and validates it itself. */
  undo(record: unknown, hooks?: IntentHooks): Promise<unknown>;
  /** Settles a write cut short, from the intent it handed `onIntent` (as stored: JSON, validated here). */
  settle(intent: unknown): Promise<SettledWrite>;
}

export interface IntentHooks {
  /** Before exiftool runs: what the write is about to do, to keep (the library's write intents). */
  readonly onIntent?: (intent: unknown) => void;
}

/** How a write (or undo) cut short turned out, read from its files. */
export interface SettledWrite {
  /** done: the files hold what it intended; not-done: they are as they were; problem: neither. */
  readonly outcome: 'done' | 'not-done' | 'problem';
  /** For a problem: what is wrong, in plain words. */
  readonly reason: string | null;
  readonly operation: 'write' | 'undo';
  /** A write that was done: its record, for undo. */
  readonly record: unknown;
}

/** How one write differs from its folder's settings (the command line's options): what it says is used. */
export type WritePolicyOverride = Partial<FolderWriteSettings> & { readonly language?: string | null };

/** Why a photo's alt text is not written (not approved, say), in a few words; null when it is written. */
export function writeRefusal(image: Pick<ImageSummary, 'status' | 'decorative' | 'altText'>): string | null {
  if (image.status === 'written') return 'already written';
  if (image.status !== 'approved') return 'not approved';
  return image.decorative && !image.altText ? 'decorative, no alt text to write' : null;
}

/**
 * Jobs run at once: while exiftool writes one photo, the next one is read and hashed, and the one before
 * verified (the repository does these for up to three writes per exiftool process).
 */
const JOBS_IN_FLIGHT = 2;

/**
 * Writes approved alt text into files (or sidecars), two at a time, as jobs in the library's queue: each
 * write is verified by the repository, logged for undo, and reported through `writes.status` events.
 */
export class WriteService {
  private wake: (() => void) | null = null;
  private stopped = false;
  private loop: Promise<void> | null = null;
  /** The jobs under way, by job id, in the order they started: the photo each writes, and its end. */
  private readonly running = new Map<number, RunningJob>();
  private readonly batch: BatchCounts;
  /** Paused by a person: no write is taken until resumed (kept across restarts by the paused jobs). */
  private paused: boolean;
  private settling: Promise<void> | null = null;

  constructor(
    private readonly library: Library,
    private readonly writer: MetadataWriter,
  ) {
    this.batch = new BatchCounts(library.queue, 'write');
    this.paused = library.queue.counts('write').paused > 0;
  }

  start(): void {
    if (this.loop) return;
    this.loop = this.settleInterrupted().then(() => {
      this.library.queue.recoverInterrupted('write');
      return this.run();
    });
  }

  /**
   * Settles, once, the writes that a process which died left under way (write-settlement.ts): call it when
   * the library is opened; the write loop and undo wait for it.
   */
  settleInterrupted(): Promise<void> {
    this.settling ??= settleInterruptedWrites(this.library, this.writer).then(
      (imageIds) => {
        if (imageIds.length > 0) this.changed(imageIds);
      },
      (error: unknown) => console.error('AltLens: could not settle the writes cut short:', error),
    );
    return this.settling;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.notify();
    await this.loop;
  }

  /** Queues the approved images among these (or in this folder); returns how many were queued. */
  queue(target: { imageIds: readonly number[] } | { folderId: number }): { queued: number } {
    const images =
      'imageIds' in target
        ? target.imageIds.map((id) => this.library.getImage(id))
        : [...this.library.eachImage({ folderId: target.folderId, status: 'approved' })];
    const approved = images.filter((image) => writeRefusal(image) === null);
    if ('imageIds' in target && approved.length === 0) {
      throw badRequest('Only approved alt text is written: approve the description first.');
    }
    for (const image of approved) {
      this.library.queue.enqueue('write', writeJobKey.of(image.id), { imageId: image.id }, { requeue: true });
    }
    if (this.paused) this.library.queue.pauseAll('write');
    this.changed(approved.map((image) => image.id));
    return { queued: approved.length };
  }

  status(): WriteQueueStatus {
    return { counts: this.batch.counts(), current: this.current(), paused: this.paused };
  }

  /** Writes wait (those under way finish) until resumed. */
  pause(): WriteQueueStatus {
    this.paused = true;
    this.library.queue.pauseAll('write');
    return this.changed([]);
  }

  resume(): WriteQueueStatus {
    this.paused = false;
    this.library.queue.resumeAll('write');
    return this.changed([]);
  }

  /** Cancels the writes still waiting; those under way finish, verified and undoable. */
  cancel(): WriteQueueStatus {
    this.library.queue.cancelAll('write');
    return this.changed([]);
  }

  /**
   * Writes one photo at once, as its write job (the command line's `write`; the queue need not run):
   * `prepare` runs in the transaction that takes the job (the person's text saved and approved with it), so
   * that a process which dies during the write leaves it to be settled like any other. Resolves with the job
   * as it ended: done, or failed with the reason (the files then as they were).
   */
  async writeNow(
    imageId: number,
    options: { prepare?: () => void; policy?: WritePolicyOverride } = {},
  ): Promise<Job> {
    await this.settleInterrupted();
    this.refuseUnsettled(imageId);
    const job = this.library.transaction(() => {
      options.prepare?.();
      const { id } = this.library.queue.enqueue(
        'write',
        writeJobKey.of(imageId),
        { imageId },
        { requeue: true },
      );
      return this.library.queue.claim(id);
    });
    if (!job) throw new Error(`The write job of image ${imageId} is gone.`);
    const entry: RunningJob = { imageId, fileName: null, done: Promise.resolve() };
    this.running.set(job.id, entry);
    try {
      await this.runJob(job, entry, options.policy);
    } finally {
      this.running.delete(job.id);
      this.changed([]);
    }
    return this.library.queue.get(job.id) ?? job;
  }

  /** Puts back what the last write of this image replaced. */
  async undo(imageId: number): Promise<ImageDetail> {
    await this.settleInterrupted();
    this.refuseUnsettled(imageId);
    const last = this.library.writeLog.last(imageId);
    if (!last) throw badRequest('There is no write of this image to undo.');
    const intent = new IntentRecord(this.library, { imageId, jobId: null, writeId: last.id });
    await intent.writing((hooks) => this.writer.undo(last.record, hooks));
    intent.ended(() => this.library.recordUndo(last.id, imageId));
    await this.library.refreshFile(imageId);
    intent.remove();
    this.changed([imageId]);
    return this.library.getImage(imageId);
  }

  /** Refuses to write a photo whose earlier write is still under way in another process, or unsettled. */
  private refuseUnsettled(imageId: number): void {
    // A write whose outcome is recorded has only its file's facts left to read again: nothing to wait for.
    const pending = this.library.writeIntents.pending(imageId).find((write) => !write.recorded);
    if (!pending) return;
    const { path } = this.library.getImage(imageId);
    const { pid } = pending.owner;
    if (!isRunning(pending.owner))
      throw badRequest(
        `An earlier write into ${path} was cut short and could not be checked yet (its write job says why); ` +
          'it is checked again when the library is next opened.',
      );
    const by = pid === process.pid ? '' : ` by another AltLens (process ${pid})`;
    throw badRequest(`${path} is being written${by}: try again once that is done.`);
  }

  /** The photo being written: the one whose job started last, of those under way. */
  private current(): { imageId: number; fileName: string } | null {
    let current: { imageId: number; fileName: string } | null = null;
    for (const { imageId, fileName } of this.running.values())
      if (imageId !== null && fileName !== null) current = { imageId, fileName };
    return current;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private changed(imageIds: readonly number[]): WriteQueueStatus {
    this.notify();
    if (imageIds.length > 0) this.library.events.emit({ type: 'library.changed', imageIds: [...imageIds] });
    const status = this.status();
    this.library.events.emit({ type: 'writes.status', ...status });
    return status;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const free = !this.paused && this.running.size < JOBS_IN_FLIGHT;
      const job = free ? this.library.queue.claimNext('write') : undefined;
      // Every job that ends wakes the loop (see `changed`), so a free place is never missed.
      if (job) this.begin(job);
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
    await Promise.all([...this.running.values()].map((entry) => entry.done));
  }

  private begin(job: Job): void {
    this.batch.jobStarted();
    const payload = (job.payload as { imageId?: unknown }).imageId;
    const imageId = typeof payload === 'number' ? payload : null;
    // A job for a photo whose earlier job is still under way waits for it: it writes over what that one left.
    const earlier = [...this.running.values()].filter((entry) => entry.imageId === imageId);
    const entry: RunningJob = { imageId, fileName: null, done: Promise.resolve() };
    entry.done = Promise.all(earlier.map((other) => other.done))
      .then(() => this.runJob(job, entry))
      .finally(() => {
        this.running.delete(job.id);
        this.changed([]);
      });
    this.running.set(job.id, entry);
  }

  private async runJob(job: Job, entry: RunningJob, policy: WritePolicyOverride = {}): Promise<void> {
    const { imageId } = entry;
    if (imageId === null) {
      this.library.queue.fail(job.id, 'Not a write job this version understands.', { retryable: false });
      return;
    }
    const intent = new IntentRecord(this.library, { imageId, jobId: job.id, writeId: null });
    try {
      const request = this.library.writeRequest(imageId);
      entry.fileName = request.path.split(/[\\/]/).pop() ?? request.path;
      this.changed([]);
      if (request.status !== 'approved')
        throw new Error('The description changed after it was approved: approve it again.');
      this.refuseUnsettled(imageId);
      const { language = null, ...chosen } = policy;
      const settings = { ...request.settings, ...chosen };
      const record = await intent.writing((hooks) =>
        this.writer.write(
          request.path,
          {
            altText: request.values.altText,
            extDescription: request.values.extDescription,
            description: settings.descriptionFields ? request.values.altText : null,
          },
          {
            target: settings.target,
            sidecarNaming: settings.sidecarNaming,
            descriptionFields: settings.descriptionFields,
            language,
          },
          request.expected,
          hooks,
        ),
      );
      intent.ended(() => this.library.recordWrite(job.id, imageId, record));
      await this.library.refreshFile(imageId);
      intent.remove();
    } catch (error) {
      this.library.queue.fail(job.id, error instanceof Error ? error.message : String(error), {
        retryable: false,
      });
    } finally {
      entry.fileName = null;
      this.changed([imageId]);
    }
  }
}

/**
 * The library's record of one write (or undo) while it runs: made when the metadata repository hands over
 * its intent, before exiftool runs; marked ended with the outcome, in one transaction; removed once the
 * file's facts are read again, or at once when the write failed (its files put back by the repository). Left
 * by a process that dies in between (or an outcome that could not be recorded), it is settled from the files
 * when the library is next opened (write-settlement.ts).
 */
class IntentRecord {
  private id: number | null = null;

  constructor(
    private readonly library: Library,
    private readonly write: { imageId: number; jobId: number | null; writeId: number | null },
  ) {}

  /** Runs the write (or undo) with the hook that records its intent. */
  async writing<T>(run: (hooks: IntentHooks) => Promise<T>): Promise<T> {
    try {
      return await run({
        onIntent: (intent) => (this.id = this.library.writeIntents.begin({ ...this.write, intent })),
      });
    } catch (error) {
      this.remove();
      throw error;
    }
  }

  /** Records the outcome (`record`) and that the write ended, at once. */
  ended(record: () => void): void {
    this.library.transaction(() => {
      record();
      if (this.id !== null) this.library.writeIntents.recorded(this.id);
    });
  }

  remove(): void {
    if (this.id !== null) this.library.writeIntents.remove(this.id);
    this.id = null;
  }
}

interface RunningJob {
  /** null: the payload names no image (the job fails). */
  readonly imageId: number | null;
  /** The file being written, once the job has read which it is. */
  fileName: string | null;
  done: Promise<void>;
}
