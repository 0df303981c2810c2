import { captionJobKey, writeJobKey } from '../jobs/job-keys.js';
import type { Library } from './library.js';
import type { ModelCaption } from './store.js';

/**
 * Results made outside the library's job queues (the command line's `caption --store` and `write`),
 * recorded as the result of that photo's caption or write job, exactly as the queues record theirs: a
 * job of the photo that was still waiting is then done, and nothing is captioned or written twice.
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

/**
 * A person's alt text that is now in the file (`record`, the metadata repository's record of the write):
 * saved as theirs, approved and marked written, with the write logged so that it can be undone. An
 * `extDescription` left undefined keeps the library's (the write left the file's as it was).
 */
export function recordWrittenByHand(
  library: Library,
  imageId: number,
  text: { altText: string; extDescription?: string | undefined },
  record: unknown,
): void {
  library.transaction(() => {
    library.saveDescription(imageId, text.altText, { extDescription: text.extDescription });
    library.approve(imageId);
    const job = library.queue.enqueue('write', writeJobKey.of(imageId), { imageId }, { requeue: true });
    library.recordWrite(job.id, imageId, record);
  });
}
