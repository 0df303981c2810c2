import type { JobCounts, JobQueue } from './job-queue.js';

/**
 * Counts of one kind of job for the latest batch: the jobs that changed since the queue last had nothing
 * to do, so that a second folder reads "2 of 5", not "12 of 15".
 */
export class BatchCounts {
  /** Jobs that changed before this moment belong to earlier batches. */
  private batchStartedAt = -1;
  /** When the queue was first seen with nothing to do since its last job; the next job starts a batch. */
  private idleSince: number | null = null;

  constructor(
    private readonly queue: JobQueue,
    private readonly kind: string,
  ) {}

  counts(): JobCounts {
    const counts = this.queue.counts(this.kind, this.batchStartedAt);
    if (counts.queued + counts.running + counts.paused === 0) this.idleSince ??= Date.now();
    return counts;
  }

  /** Call when a job is taken: after an idle spell it starts a new batch. */
  jobStarted(): void {
    if (this.idleSince === null) return;
    this.batchStartedAt = this.idleSince;
    this.idleSince = null;
  }
}
