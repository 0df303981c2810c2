import { captionJobKey } from '../jobs/job-keys.js';
import type { Library } from './library.js';
import type { ModelCaption } from './store.js';

/**
 * Results made outside the library's job queues (the command line's `caption --store`), recorded as the
 * result of that photo's caption job, exactly as the queue records its own: a job of the photo that was
 * still waiting is then done, and nothing is captioned twice. (The command line's `write` of a library
 * photo runs its write job itself: WriteService.writeNow.)
 */

/**
 * Stores a caption as generated, needs review. A description a person wrote, or one approved, is kept
 * unless `force`. Returns whether the caption was stored.
 */
export function storeCaption(library: Library, imageId: number, caption: ModelCaption, force: boolean) {
  return library.transaction(() => {
    const job = library.queue.enqueue(
      'caption',
      captionJobKey.of(imageId),
      { imageId, force },
      { requeue: true },
    );
    return library.recordCaption(job.id, imageId, caption, force);
  });
}
