import type { CaptionJobState, ImageStatus, ImageSummary } from '../../../contract/api';

/** How each status is said, in words: the status is never shown by colour alone. */
export const statusText: Record<ImageStatus, string> = {
  pending: 'no description yet',
  edited: 'described',
  failed: 'could not be read',
  'needs-review': 'generated, needs review',
  approved: 'approved',
  written: 'written to file',
  missing: 'file missing',
};

/** The caption job's state, short, for an item's accessible name; null when there is nothing to add. */
const jobNameText: Partial<Record<CaptionJobState, string>> = {
  queued: 'caption queued',
  running: 'captioning',
  paused: 'caption paused',
  failed: 'caption failed',
};

/**
 * The caption job's state as a sentence, shown on the item and in the detail view. `waitingForModel`: no model
 * is installed (or none can start), so a queued caption waits for one, not for its turn.
 */
export function captionJobText(job: ImageSummary['captionJob'], waitingForModel = false): string | null {
  switch (job?.state) {
    case 'queued':
      return waitingForModel ? 'Waiting for a captioning model' : 'Queued for a caption';
    case 'running':
      return 'Captioning…';
    case 'paused':
      return 'Caption paused';
    case 'failed':
      return `Caption failed: ${job.error ?? 'no reason was given.'}`;
    default:
      return null;
  }
}

/** The write job's state, short, for an item's accessible name; null when there is nothing to add. */
const writeJobNameText: Partial<Record<CaptionJobState, string>> = {
  queued: 'write queued',
  running: 'writing to file',
  failed: 'write failed',
};

/** The write job's state as a sentence, shown on the item and in the detail view. */
export function writeJobText(job: ImageSummary['writeJob']): string | null {
  switch (job?.state) {
    case 'queued':
      return 'Waiting to write the alt text into the file…';
    case 'running':
      return 'Writing the alt text into the file…';
    case 'failed':
      return `Could not write the alt text: ${job.error ?? 'no reason was given.'}`;
    default:
      return null;
  }
}

/**
 * What a photo's grid item is called: `<fileName>, <status>`, then the caption and write jobs' states where
 * there is one worth saying (e.g. "harbour.jpg, no description yet, caption queued", or "…, caption waits for
 * a model" while no model can make it).
 */
export function photoName(
  image: Pick<ImageSummary, 'fileName' | 'status' | 'captionJob' | 'writeJob' | 'decorative'>,
  waitingForModel = false,
): string {
  const state = image.captionJob?.state;
  let job = state ? jobNameText[state] : undefined;
  if (state === 'queued' && waitingForModel) job = 'caption waits for a model';
  const write = image.writeJob ? writeJobNameText[image.writeJob.state] : undefined;
  const decorative = image.decorative ? 'decorative' : undefined;
  return [image.fileName, statusText[image.status], decorative, job, write].filter(Boolean).join(', ');
}

/** The image's caption job, with the running state filled in from the queue (the list only says queued). */
export function effectiveJob(image: ImageSummary, currentImageId: number | null): ImageSummary['captionJob'] {
  if (currentImageId === image.id) return { state: 'running', error: null };
  return image.captionJob;
}

export function countText(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** How far a batch of work is: how many of how many are done. */
export interface Progress {
  done: number;
  total: number;
}

/** Progress in words, e.g. `4 of 7 photos` (or files). */
export function progressText({ done, total }: Progress, one = 'photo', many = 'photos'): string {
  return `${done} of ${countText(total, one, many)}`;
}

/** What a search found, e.g. `2 photos match "harbour".`, `No photos match the filters.` */
export function matchText(total: number, query: string): string {
  const what = query ? `"${query}"` : 'the filters';
  if (total === 0) return `No photos match ${what}.`;
  return `${countText(total, 'photo matches', 'photos match')} ${what}.`;
}
