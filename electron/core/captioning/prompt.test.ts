import { describe, expect, it } from 'vitest';
import { buildPrompt } from './prompt.js';

describe('buildPrompt', () => {
  it('asks for one sentence of alt text within 125 characters by default', () => {
    expect(buildPrompt({ task: 'alt' })).toBe(
      'Write alt text for this photo: one sentence of at most 125 characters, subject first, ' +
        'without starting with "image of" or "picture of".',
    );
  });

  it('takes the length limit asked for, never over 250', () => {
    expect(buildPrompt({ task: 'alt', maxLength: 80 })).toContain('at most 80 characters');
    expect(buildPrompt({ task: 'alt', maxLength: 1000 })).toContain('at most 250 characters');
  });

  it('asks for a brief answer to the question, only from what is visible, the question last', () => {
    expect(buildPrompt({ task: 'question', question: '  What does the sign say? ' })).toBe(
      'Answer this question about the photo briefly, only from what is visible in it; ' +
        'if the photo does not show it, say so.\nQuestion: What does the sign say?',
    );
  });

  it('refuses the question task without a question', () => {
    for (const question of [undefined, '', '  ']) {
      expect(() => buildPrompt({ task: 'question', question })).toThrow(
        'The question task needs a question.',
      );
    }
  });

  it('asks for a longer description, a short paragraph, subject first, visible text quoted', () => {
    const prompt = buildPrompt({ task: 'extended' });
    expect(prompt).toBe(
      'Describe this photo for a person who cannot see it, in a short paragraph of plain sentences: ' +
        'the subject first, then the setting, then details worth knowing; quote any visible text.',
    );
    expect(prompt).not.toContain('characters');
  });

  it('refuses a task it has no prompt for', () => {
    expect(() => buildPrompt({ task: 'ocr' })).toThrow('No prompt for the ocr task yet.');
  });
});
