import type { ImageDetail } from '../../../contract/api.js';
import { captionJobKey } from '../jobs/job-keys.js';
import type { Db } from '../db/open.js';
import type { EventHub } from '../events.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { SettingsStore } from '../settings.js';
import type { LibraryListing } from './library-listing.js';
import type { LibraryStore, ModelCaption } from './store.js';

/** Caption jobs: queued for images (on request or when new ones come in) and their results stored. */
export class LibraryCaptions {
  constructor(
    private readonly db: Db,
    private readonly store: LibraryStore,
    private readonly queue: JobQueue,
    private readonly settings: SettingsStore,
    private readonly events: EventHub,
    private readonly listing: LibraryListing,
    private readonly transaction: <T>(work: () => T) => T,
  ) {}

  /** Queues a caption job per image (deduped). `force` re-queues finished ones and may replace human text. */
  queueCaptions(imageIds: readonly number[], options: { force?: boolean; priority?: number } = {}): void {
    for (const imageId of imageIds) this.listing.getImage(imageId);
    this.enqueueCaptions(imageIds, options);
  }

  /** Queues a caption job per image (of the library), all in one transaction, and tells the UI. */
  private enqueueCaptions(
    imageIds: readonly number[],
    options: { force?: boolean; priority?: number } = {},
  ): void {
    this.transaction(() => {
      for (const imageId of imageIds) {
        this.queue.enqueue(
          'caption',
          captionJobKey.of(imageId),
          { imageId, force: options.force ?? false },
          {
            priority: options.priority ?? 0,
            requeue: options.force ?? false,
          },
        );
      }
    });
    if (imageIds.length > 0) this.events.emit({ type: 'library.changed', imageIds: [...imageIds] });
  }

  /**
   * Stores a finished caption and marks its job done in one transaction, so a caption is stored exactly
   * once even if the process dies right after. Returns false when the job was cancelled meanwhile or the
   * image has a description a person wrote (kept unless `force`).
   */
  recordCaption(jobId: number, imageId: number, caption: ModelCaption, force: boolean): boolean {
    const stored = this.db.transaction(() => {
      if (this.queue.isCancelled(jobId)) return false;
      const saved =
        this.store.image(imageId) !== undefined && this.store.saveModelCaption(imageId, caption, force);
      this.queue.complete(jobId);
      return saved;
    })();
    this.events.emit({ type: 'library.changed', imageIds: [imageId] });
    return stored;
  }

  /**
   * Makes a model's caption the description because a person chose it (Compare): from that model, to review,
   * whatever the description was. The photo's caption job still to run is cancelled in the same transaction,
   * so the queue does not replace the person's choice.
   */
  saveChosenCaption(imageId: number, caption: ModelCaption): ImageDetail {
    this.listing.getImage(imageId);
    this.transaction(() => {
      const job = this.queue.find(captionJobKey.of(imageId));
      if (job) this.queue.cancel(job.id);
      this.store.saveModelCaption(imageId, caption, true);
    });
    this.events.emit({ type: 'library.changed', imageIds: [imageId] });
    return this.listing.getImage(imageId);
  }

  /**
   * Queues captions (when the setting says so) for those of these images that can have one, have none and
   * are not queued yet (a rescan of a large folder looks at each image once, with one small query).
   */
  queueNewCaptions(imageIds: readonly number[]): void {
    if (imageIds.length > 0 && this.settings.read().captionOnAdd)
      this.enqueueCaptions(this.store.uncaptionedImageIds(imageIds));
  }
}
