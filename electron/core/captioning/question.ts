// A question a person asks about a photo (the `question` task): what is accepted, and why one is refused.
// Checked on the app side before anything runs, and again where the engine process receives it.
import { modelIdFor } from './tasks.js';

/** The longest question a model is given, in characters. */
export const QUESTION_MAX_LENGTH = 1000;

/** At most this many new tokens for an answer; generation stops there and says so. */
export const ANSWER_MAX_NEW_TOKENS = 120;

/** Why a question is refused (empty, or too long), in plain words; null when it may be asked. */
export function questionProblem(question: string): string | null {
  const length = question.trim().length;
  if (length === 0) return 'The question is empty: write what you want to know about the photo.';
  if (length > QUESTION_MAX_LENGTH) {
    return (
      `The question is ${length} characters long; a question may have at most ${QUESTION_MAX_LENGTH}. ` +
      'Ask something shorter.'
    );
  }
  return null;
}

/** The catalog's first model that answers questions (SmolVLM-256M-Instruct): offered where one cannot. */
export function questionModelId(): string {
  return modelIdFor('question');
}
