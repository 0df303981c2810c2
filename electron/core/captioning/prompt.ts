// The one prompt builder for every prompted model family (DESIGN §3). For now it asks for alt text only:
// one sentence, within the length limit; style settings and context come with the settings that hold them.
import { ALT_TEXT_MAX_LENGTH, ALT_TEXT_TARGET_LENGTH } from '../ocr/alt-text-merge.js';
import type { CaptionTask } from './architectures.js';

export interface PromptRequest {
  readonly task: CaptionTask;
  /** The length limit in characters (default 125, never over 250). */
  readonly maxLength?: number;
}

/** The instruction a prompted model is given with the photo. */
export function buildPrompt({ task, maxLength = ALT_TEXT_TARGET_LENGTH }: PromptRequest): string {
  if (task !== 'alt') throw new Error(`No prompt for the ${task} task yet.`);
  const limit = Math.max(1, Math.min(Math.round(maxLength), ALT_TEXT_MAX_LENGTH));
  return (
    `Write alt text for this photo: one sentence of at most ${limit} characters, subject first, ` +
    'without starting with "image of" or "picture of".'
  );
}
