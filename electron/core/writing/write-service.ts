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

/** What the service needs of the metadata repository (electron/core/metadata). */
export interface MetadataWriter {
  write(
    imagePath: string,
    values: { altText: string; extDescription?: string | null; description?: string | null },
    policy: {
      target: FolderWriteSettings['target'];
      sidecarNaming: FolderWriteSettings['sidecarNaming'];
      descriptionFields: boolean;
    },
    expected?: { size: number; mtimeMs: number },
  ): Promise<{ writtenTo: string[] }>;
  /** Takes a record `write` returned, as stored (JSON), and validates it itself. */
  undo(record: unknown): Promise<unknown>;
}

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

  constructor(
    private readonly library: Library,
    private readonly writer: MetadataWriter,
  ) {
    this.batch = new BatchCounts(library.queue, 'write');
    this.paused = library.queue.counts('write').paused > 0;
  }

  start(): void {
    if (this.loop) return;
    this.library.queue.recoverInterrupted('write');
    this.loop = this.run();
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

  /** Puts back what the last write of this image replaced. */
  async undo(imageId: number): Promise<ImageDetail> {
    const last = this.library.writeLog.last(imageId);
    if (!last) throw badRequest('There is no write of this image to undo.');
    await this.writer.undo(last.record);
    this.library.recordUndo(last.id, imageId);
    await this.library.refreshFile(imageId);
    this.changed([imageId]);
    return this.library.getImage(imageId);
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

  private async runJob(job: Job, entry: RunningJob): Promise<void> {
    const { imageId } = entry;
    if (imageId === null) {
      this.library.queue.fail(job.id, 'Not a write job this version understands.', { retryable: false });
      return;
    }
    try {
      const request = this.library.writeRequest(imageId);
      entry.fileName = request.path.split(/[\\/]/).pop() ?? request.path;
      this.changed([]);
      if (request.status !== 'approved')
        throw new Error('The description changed after it was approved: approve it again.');
      const { settings } = request;
      const record = await this.writer.write(
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
        },
        request.expected,
      );
      this.library.recordWrite(job.id, imageId, record);
      await this.library.refreshFile(imageId);
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

interface RunningJob {
  /** null: the payload names no image (the job fails). */
  readonly imageId: number | null;
  /** The file being written, once the job has read which it is. */
  fileName: string | null;
  done: Promise<void>;
}
