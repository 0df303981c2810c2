import type { Db } from '../db/open.js';

export const JOB_STATES = ['queued', 'running', 'paused', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];
export type JobCounts = Record<JobState, number>;

export interface Job {
  readonly id: number;
  readonly kind: string;
  readonly key: string;
  readonly payload: unknown;
  readonly state: JobState;
  readonly priority: number;
  readonly attempts: number;
  readonly error: string | null;
}

interface JobRow {
  id: number;
  kind: string;
  dedupe_key: string;
  payload: string;
  state: JobState;
  priority: number;
  attempts: number;
  error: string | null;
}

/** How often a job that failed for a passing reason (the engine crashed, say) is tried in all. */
export const MAX_ATTEMPTS = 3;

/**
 * Jobs kept in SQLite: they survive a restart, are deduped by key, run by priority (higher first, then
 * oldest first), and can be paused, resumed, cancelled and retried. One process runs them; a job still
 * 'running' when that process died is put back in the queue when the next one starts.
 */
export class JobQueue {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      upsert: db.prepare(
        `INSERT INTO jobs (kind, dedupe_key, payload, state, priority, created_at, updated_at)
         VALUES (@kind, @key, @payload, 'queued', @priority, @now, @now)
         ON CONFLICT (dedupe_key) DO UPDATE SET
           priority = MAX(priority, excluded.priority),
           payload = CASE WHEN @requeue = 1 AND state IN ('done', 'failed', 'cancelled')
                          THEN excluded.payload ELSE payload END,
           attempts = CASE WHEN @requeue = 1 AND state IN ('done', 'failed', 'cancelled') THEN 0 ELSE attempts END,
           error = CASE WHEN @requeue = 1 AND state IN ('done', 'failed', 'cancelled') THEN NULL ELSE error END,
           state = CASE WHEN @requeue = 1 AND state IN ('done', 'failed', 'cancelled') THEN 'queued' ELSE state END,
           updated_at = excluded.updated_at`,
      ),
      byKey: db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE dedupe_key = ?'),
      byId: db.prepare<[number], JobRow>('SELECT * FROM jobs WHERE id = ?'),
      next: db.prepare<[string], JobRow>(
        `SELECT * FROM jobs WHERE kind = ? AND state = 'queued' ORDER BY priority DESC, id LIMIT 1`,
      ),
      setState: db.prepare(
        `UPDATE jobs SET state = @state, error = @error, updated_at = @now WHERE id = @id`,
      ),
      start: db.prepare(
        `UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = @now WHERE id = @id`,
      ),
      moveAll: db.prepare(
        `UPDATE jobs SET state = @to, updated_at = @now WHERE kind = @kind AND state = @from`,
      ),
      requeue: db.prepare(
        `UPDATE jobs SET state = 'queued', attempts = 0, error = NULL, updated_at = @now
         WHERE kind = @kind AND state = @from`,
      ),
      release: db.prepare(
        `UPDATE jobs SET state = 'queued', attempts = MAX(attempts - 1, 0), updated_at = @now
         WHERE id = @id AND state = 'running'`,
      ),
      recover: db.prepare(
        `UPDATE jobs SET state = 'queued', updated_at = @now WHERE kind = @kind AND state = 'running'`,
      ),
      prioritise: db.prepare(
        `UPDATE jobs SET priority = @priority, updated_at = @now WHERE dedupe_key = @key AND priority < @priority`,
      ),
      counts: db.prepare<[string, number], { state: JobState; count: number }>(
        'SELECT state, COUNT(*) AS count FROM jobs WHERE kind = ? AND updated_at > ? GROUP BY state',
      ),
    };
  }

  /**
   * Adds a job unless one with the same key exists. With `requeue`, a finished, failed or cancelled job
   * with that key is queued again (a person asked for it); a queued or running one is left as it is.
   */
  enqueue(
    kind: string,
    key: string,
    payload: unknown,
    options: { priority?: number; requeue?: boolean } = {},
  ): Job {
    this.statements.upsert.run({
      kind,
      key,
      payload: JSON.stringify(payload),
      priority: options.priority ?? 0,
      requeue: options.requeue ? 1 : 0,
      now: Date.now(),
    });
    return toJob(this.statements.byKey.get(key) as JobRow);
  }

  /** The job with this key, if there is one. */
  find(key: string): Job | undefined {
    const row = this.statements.byKey.get(key);
    return row ? toJob(row) : undefined;
  }

  get(id: number): Job | undefined {
    const row = this.statements.byId.get(id);
    return row ? toJob(row) : undefined;
  }

  /** Takes the next queued job of a kind and marks it running, in one transaction. */
  claimNext(kind: string): Job | undefined {
    return this.db.transaction(() => {
      const row = this.statements.next.get(kind);
      if (!row) return undefined;
      this.statements.start.run({ id: row.id, now: Date.now() });
      return toJob(this.statements.byId.get(row.id) as JobRow);
    })();
  }

  /** Marks this job running now, whatever its turn (a write a person asked for at once); returns it. */
  claim(id: number): Job | undefined {
    this.statements.start.run({ id, now: Date.now() });
    return this.get(id);
  }

  /** Marks a running job done. Call it in the same transaction as the job's effect (exactly once). */
  complete(id: number): void {
    this.setState(id, 'done', null);
  }

  /** A failed attempt: retried while attempts remain and the failure may pass, else failed for good. */
  fail(id: number, error: string, options: { retryable: boolean }): JobState {
    const job = this.get(id);
    if (!job) return 'failed';
    const state: JobState = options.retryable && job.attempts < MAX_ATTEMPTS ? 'queued' : 'failed';
    this.setState(id, state, error);
    return state;
  }

  /** Puts a running job back in the queue without counting the attempt (it never really started). */
  release(id: number): void {
    this.statements.release.run({ id, now: Date.now() });
  }

  /** Whether a job was cancelled while it ran (its result is then thrown away). */
  isCancelled(id: number): boolean {
    return this.get(id)?.state === 'cancelled';
  }

  cancel(id: number): void {
    const job = this.get(id);
    if (job && ['queued', 'running', 'paused'].includes(job.state)) this.setState(id, 'cancelled', null);
  }

  pauseAll(kind: string): void {
    this.statements.moveAll.run({ kind, from: 'queued', to: 'paused', now: Date.now() });
  }

  resumeAll(kind: string): void {
    this.statements.moveAll.run({ kind, from: 'paused', to: 'queued', now: Date.now() });
  }

  cancelAll(kind: string): void {
    this.db.transaction(() => {
      for (const from of ['queued', 'paused', 'running']) {
        this.statements.moveAll.run({ kind, from, to: 'cancelled', now: Date.now() });
      }
    })();
  }

  retryFailed(kind: string): void {
    this.db.transaction(() => {
      for (const from of ['failed', 'cancelled'])
        this.statements.requeue.run({ kind, from, now: Date.now() });
    })();
  }

  /** Raises the priority of jobs by key (what the person is looking at now runs first). */
  prioritise(keys: readonly string[], priority: number): void {
    this.db.transaction(() => {
      for (const key of keys) this.statements.prioritise.run({ key, priority, now: Date.now() });
    })();
  }

  /** Puts back every job of a kind left 'running' by a process that died. Call once at start-up. */
  recoverInterrupted(kind: string): number {
    return this.statements.recover.run({ kind, now: Date.now() }).changes;
  }

  /** Jobs of a kind by state; with `since` (ms), only those that changed after that moment. */
  counts(kind: string, since = -1): JobCounts {
    const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as JobCounts;
    for (const { state, count } of this.statements.counts.all(kind, since)) counts[state] = count;
    return counts;
  }

  private setState(id: number, state: JobState, error: string | null): void {
    this.statements.setState.run({ id, state, error, now: Date.now() });
  }
}

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    key: row.dedupe_key,
    payload: JSON.parse(row.payload) as unknown,
    state: row.state,
    priority: row.priority,
    attempts: row.attempts,
    error: row.error,
  };
}
