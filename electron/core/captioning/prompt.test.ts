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

  it('refuses a task it has no prompt for yet', () => {
    expect(() => buildPrompt({ task: 'question' })).toThrow('No prompt for the question task yet.');
  });
});
