import type { ImageSummary } from '../../../contract/api';

export interface Failure {
  id: number;
  fileName: string;
  reason: string;
}

/** The photos whose caption or write job failed, each with the reason. */
export function failures(images: readonly ImageSummary[], job: 'captionJob' | 'writeJob'): Failure[] {
  return images.flatMap((image) => {
    const state = image[job];
    if (state?.state !== 'failed') return [];
    return [{ id: image.id, fileName: image.fileName, reason: state.error ?? 'No reason was given.' }];
  });
}
