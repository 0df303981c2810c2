import { describe, expect, it } from 'vitest';
import { progressText } from './status-text';
import { writeProgress, writesFinishedText, writesRemaining } from './write-text';

const none = { queued: 0, running: 0, paused: 0, done: 0, failed: 0, cancelled: 0 };
const status = { counts: { ...none, done: 3, failed: 1, queued: 2, running: 1 }, current: null };

describe('write progress', () => {
  it('counts finished writes, failed ones included, against all of them', () => {
    expect(writeProgress(status)).toEqual({ done: 4, total: 7 });
    expect(progressText(writeProgress(status))).toBe('4 of 7 photos');
    expect(writesRemaining(status)).toBe(3);
  });

  it('says the outcome', () => {
    expect(writesFinishedText(status)).toBe('Written: 3, failed: 1.');
    expect(writesFinishedText({ counts: none })).toBe('Written: 0, failed: 0.');
    expect(writesFinishedText({ counts: { ...none, done: 1, cancelled: 2 } })).toBe(
      'Written: 1, failed: 0, cancelled: 2.',
    );
  });

  it('counts paused writes as still to do', () => {
    const paused = { counts: { ...none, done: 1, paused: 2 } };
    expect(writesRemaining(paused)).toBe(2);
    expect(writeProgress(paused)).toEqual({ done: 1, total: 3 });
  });
});
