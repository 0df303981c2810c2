import { describe, expect, it } from 'vitest';
import type { CompareResult } from '../../../contract/api';
import {
  comparingAnnouncement,
  comparisonSummary,
  fewModelsNote,
  finishedAnnouncement,
  resultProgress,
} from './compare-text';

const option = { candidate: { kind: 'model' as const, id: 'imported/a' }, name: 'A', family: 'florence2' };
const base: CompareResult = {
  ...option,
  state: 'waiting',
  text: '',
  message: null,
  device: null,
  loadMs: null,
  durationMs: null,
  stoppedAtTokenLimit: false,
};
const done: CompareResult = {
  ...base,
  state: 'done',
  text: 'A red photo.',
  device: 'cpu',
  loadMs: 1234,
  durationMs: 250,
};
const failed: CompareResult = { ...base, state: 'failed', message: 'The model could not be started.' };

describe('resultProgress', () => {
  it('says each stage in words, and how long a finished one took, on which device', () => {
    expect(resultProgress(base)).toBe('Waiting its turn.');
    expect(resultProgress({ ...base, state: 'loading' })).toBe('Loading the model…');
    expect(resultProgress({ ...base, state: 'writing' })).toBe('Writing the alt text…');
    expect(resultProgress(done)).toBe('Written in 0.3 s (model loaded in 1.2 s) on cpu.');
    expect(resultProgress({ ...done, stoppedAtTokenLimit: true })).toBe(
      'Written in 0.3 s (model loaded in 1.2 s) on cpu. Cut off at the length limit.',
    );
    expect(resultProgress(failed)).toBe('No alt text: this model failed.');
    // A provider's family already names where the photo went: the time alone.
    const provider = { kind: 'provider' as const, id: 'lab' };
    const remote = { ...done, candidate: provider, loadMs: null, device: 'Ollama at http://127.0.0.1:11434' };
    expect(resultProgress(remote)).toBe('Written in 0.3 s.');
  });
});

describe('finishedAnnouncement', () => {
  it('says the answer or the reason once finished, nothing before', () => {
    expect(finishedAnnouncement(done)).toBe('A: A red photo.');
    expect(finishedAnnouncement(failed)).toBe('A failed: The model could not be started.');
    expect(finishedAnnouncement({ ...base, state: 'writing', text: 'A re' })).toBeNull();
  });
});

describe('fewModelsNote', () => {
  it('says why there is nothing to compare with fewer than two models', () => {
    expect(fewModelsNote([])).toMatch(/^No model that writes alt text is installed\./);
    expect(fewModelsNote([option])).toBe(
      'Only one model that writes alt text is on offer (A). Download or import another in Models, or add a provider in Settings, to compare their answers.',
    );
    expect(fewModelsNote([option, { ...option, name: 'B' }])).toBeNull();
  });
});

describe('comparingAnnouncement', () => {
  it('says how many models are asked', () => {
    expect(comparingAnnouncement(1)).toBe('Asking the model for alt text…');
    expect(comparingAnnouncement(3)).toBe('Asking 3 models for alt text, one after another…');
  });
});

describe('comparisonSummary', () => {
  it('counts the answers', () => {
    expect(comparisonSummary([done, done])).toBe('Comparison finished: all 2 models answered.');
    expect(comparisonSummary([done, failed, done])).toBe('Comparison finished: 2 of 3 models answered.');
    expect(comparisonSummary([done])).toBe('Comparison finished: the model answered.');
    expect(comparisonSummary([failed])).toBe('Comparison finished: the model gave no alt text.');
  });
});
