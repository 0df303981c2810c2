import { describe, expect, it } from 'vitest';
import { QUESTION_MAX_LENGTH, questionProblem } from './question.js';

describe('questionProblem', () => {
  it('accepts a question up to the limit', () => {
    expect(questionProblem('What does the sign say?')).toBeNull();
    expect(questionProblem('x'.repeat(QUESTION_MAX_LENGTH))).toBeNull();
  });

  it('refuses an empty question, or one of spaces only, saying what to do', () => {
    for (const question of ['', '   \n\t']) {
      expect(questionProblem(question)).toBe(
        'The question is empty: write what you want to know about the photo.',
      );
    }
  });

  it('refuses a question over the limit, saying how long it is and how long it may be', () => {
    expect(questionProblem('x'.repeat(10_000))).toBe(
      'The question is 10000 characters long; a question may have at most 1000. Ask something shorter.',
    );
    expect(questionProblem('x'.repeat(QUESTION_MAX_LENGTH + 1))).toMatch(/at most 1000/);
  });
});
