import type { ImageDetail, ImageSummary, Skipped } from '../../../contract/api.js';
import { badRequest } from '../api/errors.js';
import type { EventHub } from '../events.js';
import type { LibraryListing } from './library-listing.js';
import type { DescriptionExtras, LibraryStore } from './store.js';

/** What people do with descriptions: save what they typed, approve one or many. */
export class LibraryDescriptions {
  constructor(
    private readonly store: LibraryStore,
    private readonly events: EventHub,
    private readonly listing: LibraryListing,
    private readonly transaction: <T>(work: () => T) => T,
  ) {}

  /** Saves what a person typed. An empty text clears the description. */
  saveDescription(imageId: number, text: string, extras: DescriptionExtras = {}): ImageDetail {
    this.listing.getImage(imageId);
    const extDescription =
      typeof extras.extDescription === 'string'
        ? extras.extDescription.trim() || null
        : extras.extDescription;
    this.store.saveDescription(imageId, text.trim(), 'human', 'edited', { ...extras, extDescription });
    this.events.emit({ type: 'library.changed', imageIds: [imageId] });
    return this.listing.getImage(imageId);
  }

  /** Marks the description reviewed: it is then what gets written into the file. */
  approve(imageId: number): ImageDetail {
    const problem = approvalProblem(this.listing.getImage(imageId));
    if (problem) throw badRequest(problem.message);
    this.store.approve(imageId);
    this.events.emit({ type: 'library.changed', imageIds: [imageId] });
    return this.listing.getImage(imageId);
  }

  /**
   * Approves many descriptions in one transaction; each photo that cannot be approved (or already is) is
   * skipped with the reason. Returns the ids approved.
   */
  approveMany(imageIds: readonly number[]): { approvedIds: number[]; skipped: Skipped } {
    const approvedIds: number[] = [];
    const skipped: Skipped = [];
    this.transaction(() => {
      for (const imageId of imageIds) {
        const image = this.listing.findImage(imageId);
        const reason = !image
          ? 'not in the library'
          : image.status === 'approved' || image.status === 'written'
            ? `already ${image.status}`
            : approvalProblem(image)?.reason;
        if (reason) skipped.push({ imageId, reason });
        else {
          this.store.approve(imageId);
          approvedIds.push(imageId);
        }
      }
    });
    if (approvedIds.length > 0) this.events.emit({ type: 'library.changed', imageIds: approvedIds });
    return { approvedIds, skipped };
  }
}

/** The longest alt text approved (longer text belongs in the extended description). */
const MAX_ALT_TEXT = 250;

/** Why a description cannot be approved, in a few words (batch results) and as a sentence; null if it can. */
function approvalProblem(image: ImageSummary): { reason: string; message: string } | null {
  if (!image.altText && !image.decorative) {
    return {
      reason: 'no alt text',
      message: 'Write alt text, or mark the photo as decorative, before approving it.',
    };
  }
  const length = image.altText?.length ?? 0;
  if (length <= MAX_ALT_TEXT) return null;
  return {
    reason: `alt text over ${MAX_ALT_TEXT} characters`,
    message: `Alt text may be at most ${MAX_ALT_TEXT} characters; this one has ${length}.`,
  };
}
