import { describe, expect, it } from 'vitest';
import { FAMILIES } from './architectures.js';
import { modelIdFor, taskRefusal } from './tasks.js';

describe('the tasks each model family declares', () => {
  it('lets SmolVLM write alt text and extended descriptions and answer questions', () => {
    expect(FAMILIES.idefics3.tasks).toEqual(['alt', 'extended', 'question']);
  });

  it('lets Florence-2 write alt text and extended descriptions and read text', () => {
    expect(FAMILIES.florence2.tasks).toEqual(['alt', 'extended', 'ocr']);
  });

  it('lets the vision-encoder-decoder captioners write alt text only', () => {
    expect(FAMILIES.visionEncoderDecoder.tasks).toEqual(['alt']);
  });
});

describe('modelIdFor', () => {
  it('names the first catalog model of a family that does the task', () => {
    expect(modelIdFor('alt')).toBe('Mozilla/distilvit');
    expect(modelIdFor('extended')).toBe('onnx-community/Florence-2-base-ft');
    expect(modelIdFor('ocr')).toBe('onnx-community/Florence-2-base-ft');
    expect(modelIdFor('question')).toBe('HuggingFaceTB/SmolVLM-256M-Instruct');
  });
});

describe('taskRefusal', () => {
  it('says in one line what the model cannot do and how to choose one that can', () => {
    expect(taskRefusal('ocr', 'distilvit', 'cli')).toBe(
      'distilvit cannot read the text in photos; use a model that can, e.g. --model onnx-community/Florence-2-base-ft.',
    );
    expect(taskRefusal('extended', 'distilvit', 'settings')).toBe(
      'distilvit cannot write extended descriptions; choose a model that can in Settings, such as ' +
        'onnx-community/Florence-2-base-ft.',
    );
  });
});
