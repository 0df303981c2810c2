// The one prompt builder for every prompted model family (DESIGN §3). For now it asks for alt text (one
// sentence, within the length limit) and answers to a person's question about the photo; style settings
// and context come with the settings that hold them.
import { ALT_TEXT_MAX_LENGTH, ALT_TEXT_TARGET_LENGTH } from '../ocr/alt-text-merge.js';
import type { CaptionTask } from './architectures.js';

export interface PromptRequest {
  readonly task: CaptionTask;
  /** The length limit in characters (default 125, never over 250). */
  readonly maxLength?: number;
  /** The person's question, for the `question` task (checked with questionProblem before it gets here). */
  readonly question?: string;
}

/** The instruction a prompted model is given with the photo. */
export function buildPrompt({ task, maxLength = ALT_TEXT_TARGET_LENGTH, question }: PromptRequest): string {
  if (task === 'question') {
    const asked = question?.trim() ?? '';
    if (asked === '') throw new Error('The question task needs a question.');
    return (
      'Answer this question about the photo briefly, only from what is visible in it; ' +
      `if the photo does not show it, say so.\nQuestion: ${asked}`
    );
  }
  if (task === 'extended') {
    return (
      'Describe this photo for a person who cannot see it, in a short paragraph of plain sentences: ' +
      'the subject first, then the setting, then details worth knowing; quote any visible text.'
    );
  }
  if (task !== 'alt') throw new Error(`No prompt for the ${task} task yet.`);
  const limit = Math.max(1, Math.min(Math.round(maxLength), ALT_TEXT_MAX_LENGTH));
  return (
    `Write alt text for this photo: one sentence of at most ${limit} characters, subject first, ` +
    'without starting with "image of" or "picture of".'
  );
}
