import { writeJobKey } from '../jobs/job-keys.js';
import type { Library } from '../library/library.js';
import type { PendingWrite } from '../library/write-intents.js';
import { isRunning } from '../process-identity.js';
import type { MetadataWriter, SettledWrite } from './write-service.js';

/**
 * Settles every write (or undo) that a process which died left under way, from the files (the metadata
 * repository reads them, see write-intent.ts), and records the outcome:
 * - done: the write is recorded as written, with its undo record (an undo: the description is approved again);
 * - not done: the photo stays approved and its write job goes back in the queue (an undo: still written);
 * - neither: the write job fails with the reason, in plain words.
 * Either way the file's facts are read again, so the next write of it finds them as they are. Writes of a
 * process that still runs (this one, or another AltLens on the same library) are left to it. A write that
 * could not be settled (exiftool failed, say) stays recorded, its job failed with why, and is tried again
 * the next time. Resolves with the images whose writes were looked at.
 */
export async function settleInterruptedWrites(library: Library, writer: MetadataWriter): Promise<number[]> {
  const changed: number[] = [];
  for (const pending of library.writeIntents.pending()) {
    if (isRunning(pending.owner)) continue;
    try {
      const outcome = pending.recorded ? null : await settle(library, writer, pending);
      // A file in neither state keeps the facts it had: its next write is refused until it is read again.
      if (outcome !== 'problem') await library.refreshFile(pending.imageId);
      library.writeIntents.remove(pending.id);
    } catch (error) {
      failJob(
        library,
        pending,
        `AltLens could not check ${library.getImage(pending.imageId).path} after a write into it was cut ` +
          `short (${error instanceof Error ? error.message : String(error)}); it tries again the next time the ` +
          'library is opened.',
      );
    }
    changed.push(pending.imageId);
  }
  return changed;
}

async function settle(
  library: Library,
  writer: MetadataWriter,
  pending: PendingWrite,
): Promise<SettledWrite['outcome']> {
  const { outcome, reason, operation, record } = await writer.settle(pending.intent);
  library.transaction(() => {
    if (outcome === 'problem') failJob(library, pending, reason ?? 'The write was cut short.');
    else if (outcome === 'done' && operation === 'write')
      library.recordWrite(jobOf(library, pending), pending.imageId, record);
    else if (outcome === 'done' && pending.writeId !== null)
      library.recordUndo(pending.writeId, pending.imageId);
    else if (outcome === 'not-done' && operation === 'write' && pending.jobId !== null)
      library.queue.release(pending.jobId);
    library.writeIntents.recorded(pending.id);
  });
  return outcome;
}

/** The write job of the image: the one that ran (an undo has none, nor has a job removed since). */
function jobOf(library: Library, pending: PendingWrite): number {
  const job = pending.jobId === null ? undefined : library.queue.get(pending.jobId);
  return (
    job?.id ??
    library.queue.enqueue('write', writeJobKey.of(pending.imageId), { imageId: pending.imageId }).id
  );
}

function failJob(library: Library, pending: PendingWrite, reason: string): void {
  library.queue.fail(jobOf(library, pending), reason, { retryable: false });
}
