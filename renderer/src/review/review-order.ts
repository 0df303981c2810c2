import type { ImageSummary } from '../../../contract/api';

/** Which photos come first when review opens without one: generated captions to check, then the rest. */
const order: Partial<Record<ImageSummary['status'], number>> = { 'needs-review': 0, pending: 1, edited: 2 };

/** The photo review opens on when none is named: the first one that most needs a person, if any. */
export function firstToReview(images: readonly ImageSummary[]): ImageSummary | undefined {
  let best: ImageSummary | undefined;
  for (const image of images) {
    const rank = order[image.status] ?? 3;
    if (!best || rank < (order[best.status] ?? 3)) best = image;
  }
  return best;
}

export interface Neighbours {
  /** 0-based place of the photo in the list; -1 when it is not in it. */
  index: number;
  previous: number | null;
  next: number | null;
}

/** The photos before and after `id` in the list review walks through. */
export function neighbours(images: readonly ImageSummary[], id: number): Neighbours {
  const index = images.findIndex((image) => image.id === id);
  if (index < 0) return { index, previous: null, next: null };
  return {
    index,
    previous: images[index - 1]?.id ?? null,
    next: images[index + 1]?.id ?? null,
  };
}
